import { buildPetStudy } from '@cxcr4pet/dicom';
import type { AnalysisAsDicom } from '@cxcr4pet/server';
import { loadStudyOfSeries } from '@cxcr4pet/store';
import { provenance } from '../../provenance.ts';
import { parseAnalyzeOptions } from '../analyze/analyze-options.ts';
import { analyzeStudyWithLabels } from '../analyze/analyze-study.ts';
import { localNow } from '../analyze/index.ts';
import { analysisAsDicom } from '../analyze/results-dicom.ts';

/** SUVmax of each lesion as a stored result or a fresh report lists them. */
function suvMaxes(result: unknown): number[] {
  const lesions = (result as { lesions?: readonly { suvMax?: unknown }[] }).lesions ?? [];
  return lesions.map((lesion) => Number(lesion.suvMax));
}

/**
 * A stored analysis's SEG and SR for `send-pacs` jobs: the analysis run again on the stored images
 * with its own arguments (as `analyse-series` ran it), refused unless it finds the same lesions with
 * the same SUVmax (relative 1e-9: the same code on the same bytes gives the same numbers; a difference
 * means the images or the software changed), then `analysisAsDicom` as `analyze --seg --sr` writes them.
 */
export const storedAnalysisAsDicom: AnalysisAsDicom = async (store, analysis) => {
  const args = (analysis.parameters as { arguments?: unknown }).arguments;
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))
    throw new Error(`analysis ${analysis.analysisId} has no analyze arguments (is it a comparison?)`);
  const options = parseAnalyzeOptions(['(stored series)', ...(args as string[])]);
  const { instances } = await loadStudyOfSeries(store, analysis.seriesInstanceUid);
  const study = await buildPetStudy(instances, {
    ...options.study,
    seriesInstanceUid: analysis.seriesInstanceUid,
    values: options.suvKind,
  });
  const origin = provenance();
  const { report, labels } = analyzeStudyWithLabels(study, options, origin);
  const [before, now] = [suvMaxes(analysis.result), suvMaxes(report)];
  const same =
    before.length === now.length &&
    before.every(
      (value, n) => Math.abs(value - (now[n] ?? Number.NaN)) <= 1e-9 * Math.max(1, Math.abs(value)),
    );
  if (!same)
    throw new Error(
      `analysis ${analysis.analysisId} does not reproduce on the stored images (${before.length} lesions stored, ${now.length} found now): analyse the series again before sending its results`,
    );
  const { seg, sr } = analysisAsDicom(study, report, labels, origin, localNow());
  return [seg, sr];
};
