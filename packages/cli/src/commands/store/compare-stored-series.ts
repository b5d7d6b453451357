import { buildPetStudy, type DicomInstance } from '@cxcr4pet/dicom';
import type { CompareSeriesPayload, SeriesAnalysis } from '@cxcr4pet/store';
import { provenance } from '../../provenance.ts';
import { compareStudies } from '../compare/compare-studies.ts';
import { parseCompareOptions } from '../compare/index.ts';

/** The CT series of `instances` in the frame of reference of the PET series `petSeriesUid`. */
function ctSeriesOf(instances: readonly DicomInstance[], petSeriesUid: string): string[] {
  const pet = instances.find((i) => i.seriesInstanceUid === petSeriesUid);
  return [
    ...new Set(
      instances
        .filter((i) => i.modality === 'CT' && i.frameOfReferenceUid === pet?.frameOfReferenceUid)
        .map((i) => i.seriesInstanceUid),
    ),
  ].sort();
}

/**
 * `compare`'s pipeline on two stored studies, for `compare-series` jobs: the job's arguments are parsed
 * exactly as `cxcr4pet compare` parses them, and the result is what `compare --json` prints for two
 * folders holding those files (the folders named by their PET series).
 */
export async function compareStoredSeries(
  a: readonly DicomInstance[],
  b: readonly DicomInstance[],
  request: CompareSeriesPayload,
): Promise<SeriesAnalysis> {
  const options = parseCompareOptions(['(stored series A)', '(stored series B)', ...request.arguments]);
  const load = async (instances: readonly DicomInstance[], seriesInstanceUid: string) => ({
    study: await buildPetStudy(instances, {
      ...options.analysis.study,
      seriesInstanceUid,
      values: options.analysis.suvKind,
    }),
    folder: `series ${seriesInstanceUid}`,
  });
  const report = compareStudies(
    await load(a, request.seriesInstanceUid),
    await load(b, request.otherSeriesInstanceUid),
    { analysis: options.analysis, maxDistanceMm: options.maxDistanceMm },
    provenance(),
  );
  return {
    parameters: {
      arguments: [...request.arguments],
      otherSeriesInstanceUid: request.otherSeriesInstanceUid,
      maxDistanceMm: options.maxDistanceMm,
    },
    software: { ...provenance() },
    inputSeriesUids: [
      request.seriesInstanceUid,
      ...ctSeriesOf(a, request.seriesInstanceUid),
      request.otherSeriesInstanceUid,
      ...ctSeriesOf(b, request.otherSeriesInstanceUid),
    ],
    result: JSON.parse(JSON.stringify(report)) as Record<string, unknown>,
  };
}
