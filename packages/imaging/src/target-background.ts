import type { Lesion } from './lesion-measures.ts';
import type { OrganName, OrganReference } from './organ-references.ts';

/** Target-to-background ratios of one lesion: its SUVmax / the reference's SUVmean, per organ present. */
export type TargetToBackground = Readonly<Partial<Record<OrganName, number>>>;

/**
 * Target-to-background ratios (TBR) of a lesion against every reference present: lesion SUVmax divided
 * by the reference sphere's SUVmean (the usual definition in the Pentixafor literature, e.g.
 * tumour-to-brain and tumour-to-blood-pool; Herrmann et al., Lancet Haematol 2016). A reference with
 * SUVmean ≤ 0 gives no finite ratio and is left out.
 */
export function targetToBackground(
  lesion: Pick<Lesion, 'suvMax'>,
  references: readonly OrganReference[],
): TargetToBackground {
  const ratios: Partial<Record<OrganName, number>> = {};
  for (const reference of references) {
    if (reference.meanSuv > 0) ratios[reference.organ] = lesion.suvMax / reference.meanSuv;
  }
  return ratios;
}
