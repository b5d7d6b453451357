import type { LesionSpec } from '../anatomy.ts';
import { ORGANS } from '../anatomy.ts';
import { sphereRecovery } from '../partial-volume.ts';
import { DEFAULT_NOISE_COV } from '../phantom.ts';
import { TRACERS, type Tracer } from '../tracers.ts';
import { type DiseasePattern, LESION_SITES, type LesionSite } from './diseases.ts';
import type { Random } from './random.ts';

/** A participant's lesion with what each tracer's scan is expected to show of it. */
export interface CohortLesion extends LesionSpec {
  readonly siteKind: LesionSite['kind'];
  /** Noise-free SUVmax after the PSF: background + (SUV − background) × centre recovery. */
  readonly expectedSuvMax: Readonly<Record<Tracer, number>>;
  /** Whether the rule of `detectionThreshold` calls it visible on each tracer. */
  readonly detected: Readonly<Record<Tracer, boolean>>;
}

/**
 * The stated detection rule of the synthetic cohort: a lesion is seen on a tracer when its expected SUVmax
 * reaches the tracer's PERCIST liver threshold (1.5 × liver SUVmean + 2 SD, SD = the phantom's noise CoV ×
 * liver SUVmean; Wahl RL et al., J Nucl Med 2009;50:122S) and 1.5 × its own background (so that a focus in
 * the Pentixafor-hot spleen must stand out from the spleen).
 */
export function detectionThreshold(tracer: Tracer, backgroundSuv: number): number {
  const liver = TRACERS[tracer].suv.liver;
  return Math.max(1.5 * liver + 2 * DEFAULT_NOISE_COV * liver, 1.5 * backgroundSuv);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Draws a participant's lesions from the pattern of their diagnosis; labels 101, 102, … */
export function drawLesions(pattern: DiseasePattern, random: Random, fwhmMm: number): CohortLesion[] {
  const lesions: CohortLesion[] = [];
  for (const group of pattern.groups) {
    if (!random.bernoulli(group.probability)) continue;
    const free = LESION_SITES.filter(
      (s) => s.kind === group.sites && !lesions.some((l) => l.name === s.name),
    );
    const count = Math.min(random.integer(group.count[0], group.count[1]), free.length);
    for (const site of random.shuffle(free).slice(0, count)) {
      const radiusMm = Math.min(
        Math.round(random.between(group.radiusMm[0], group.radiusMm[1])),
        site.maxRadiusMm,
      );
      const suv = {
        pentixafor: round1(random.between(group.suv.pentixafor[0], group.suv.pentixafor[1])),
        fdg: round1(random.between(group.suv.fdg[0], group.suv.fdg[1])),
      };
      const host = ORGANS.find((o) => o.name === site.within);
      if (host === undefined) throw new Error(`lesion site ${site.name}: no organ '${site.within}'`);
      const recovery = sphereRecovery(radiusMm, fwhmMm).centre;
      const expected = (tracer: Tracer) => {
        const background = TRACERS[tracer].suv[host.tissue];
        return background + (suv[tracer] - background) * recovery;
      };
      const expectedSuvMax = { pentixafor: expected('pentixafor'), fdg: expected('fdg') };
      const seen = (tracer: Tracer) =>
        expectedSuvMax[tracer] >= detectionThreshold(tracer, TRACERS[tracer].suv[host.tissue]);
      lesions.push({
        name: site.name,
        label: 101 + lesions.length,
        centreMm: site.centreMm,
        radiusMm,
        suv,
        within: site.within,
        siteKind: site.kind,
        expectedSuvMax,
        detected: { pentixafor: seen('pentixafor'), fdg: seen('fdg') },
      });
    }
  }
  return lesions;
}
