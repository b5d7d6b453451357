import {
  DEFAULT_MARROW_FOCAL,
  describeMarrowCt,
  describeMarrowPattern,
  type MarrowCtParameters,
  type MarrowUptake,
  marrowFromCt,
  marrowUptake,
  resampleMaskNearest,
} from '@cxcr4pet/imaging';
import type { Volume } from '@cxcr4pet/volume';

/** `--marrow`: the whole-skeleton marrow VOI from the CT, measured on the PET. */
export type MarrowResult = MarrowUptake & {
  /** How the VOI was cut from the CT and carried onto the PET grid. */
  readonly method: string;
  /** How focal lesions, diffuse uptake and the pattern were decided. */
  readonly patternRule: string;
  readonly boneHu: number;
  readonly cortexLayers: number;
  /** CT voxels ≥ the bone threshold. */
  readonly ctBoneVoxelCount: number;
  /** Marrow voxels on the CT grid and their volume (the finer estimate of the marrow volume). */
  readonly ctMarrowVoxelCount: number;
  readonly ctMarrowVolumeMl: number;
};

/** Cuts the marrow from the CT (HU), carries it onto the SUV grid and measures it there. */
export function measureMarrow(
  suv: Volume,
  ct: Volume,
  parameters: MarrowCtParameters,
  liverMeanSuv: number | undefined,
): MarrowResult {
  const onCt = marrowFromCt(ct, parameters);
  const onPet = resampleMaskNearest(ct, onCt.mask, suv);
  return {
    method: describeMarrowCt(parameters),
    patternRule: describeMarrowPattern(DEFAULT_MARROW_FOCAL),
    boneHu: parameters.boneHu,
    cortexLayers: parameters.cortexLayers,
    ctBoneVoxelCount: onCt.boneVoxelCount,
    ctMarrowVoxelCount: onCt.marrowVoxelCount,
    ctMarrowVolumeMl: onCt.marrowVolumeMl,
    ...marrowUptake(suv, onPet, liverMeanSuv),
  };
}
