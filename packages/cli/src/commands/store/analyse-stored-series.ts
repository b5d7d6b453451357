import { buildPetStudy, type DicomInstance } from '@cxcr4pet/dicom';
import type { AnalyseSeriesPayload, SeriesAnalysis } from '@cxcr4pet/store';
import { provenance } from '../../provenance.ts';
import { parseAnalyzeOptions } from '../analyze/analyze-options.ts';
import { analyzeStudy } from '../analyze/analyze-study.ts';

/**
 * `analyze`'s pipeline on stored instances, for `analyse-series` jobs: the job's arguments are parsed
 * exactly as `cxcr4pet analyze` parses them, the PET study is built from the instances, and the result
 * is what `analyze --json` would print for a folder holding those files.
 */
export async function analyseStoredSeries(
  instances: readonly DicomInstance[],
  request: AnalyseSeriesPayload,
): Promise<SeriesAnalysis> {
  const options = parseAnalyzeOptions(['(stored series)', ...request.arguments]);
  const study = await buildPetStudy(instances, {
    ...options.study,
    seriesInstanceUid: request.seriesInstanceUid,
    values: options.suvKind,
  });
  const report = analyzeStudy(study, options, provenance());
  const pet = instances.find((i) => i.seriesInstanceUid === request.seriesInstanceUid);
  const ctSeries = new Set(
    instances
      .filter(
        (i) =>
          study.ct !== undefined && i.modality === 'CT' && i.frameOfReferenceUid === pet?.frameOfReferenceUid,
      )
      .map((i) => i.seriesInstanceUid),
  );
  return {
    parameters: { arguments: [...request.arguments] },
    software: { ...provenance() },
    inputSeriesUids: [request.seriesInstanceUid, ...[...ctSeries].sort()],
    result: JSON.parse(JSON.stringify(report)) as Record<string, unknown>,
  };
}
