import { type Lesion, lesionTotals } from './lesion-measures.ts';

/** How many of the hottest lesions the "hot-five" mean takes. */
export const HOT_LESION_COUNT = 5;

/**
 * Whole-body tumour burden over the lesions found:
 * - `totalVolumeMl`: sum of lesion volumes (voxel counting); `totalLesionUptake`: sum of SUVmean × volume
 *   (total lesion glycolysis for FDG);
 * - `hotFiveMeanSuvMax`: mean SUVmax of all lesions when there are ≤ 5, else of the five with the highest
 *   SUVmax (null without lesions); `hotFiveLabels` names them;
 * - `suvMaxHighest`: the highest lesion SUVmax (null without lesions).
 */
export interface WholeBodyBurden {
  readonly lesionCount: number;
  readonly totalVolumeMl: number;
  readonly totalLesionUptake: number;
  readonly suvMaxHighest: number | null;
  readonly hotFiveMeanSuvMax: number | null;
  readonly hotFiveLabels: readonly number[];
}

/** Computes the whole-body burden (see `WholeBodyBurden`); lesions may come in any order. */
export function wholeBodyBurden(lesions: readonly Lesion[]): WholeBodyBurden {
  const hottest = [...lesions]
    .sort((a, b) => b.suvMax - a.suvMax || a.label - b.label)
    .slice(0, HOT_LESION_COUNT);
  const first = hottest[0];
  return {
    ...lesionTotals(lesions),
    suvMaxHighest: first === undefined ? null : first.suvMax,
    hotFiveMeanSuvMax:
      hottest.length === 0 ? null : hottest.reduce((sum, l) => sum + l.suvMax, 0) / hottest.length,
    hotFiveLabels: hottest.map((l) => l.label),
  };
}
