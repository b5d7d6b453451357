import { basename } from 'node:path';
import { readNifti } from '@cxcr4pet/dicom';
import { type Region, resampleLabelsNearest } from '@cxcr4pet/imaging';
import type { Grid, LabelMap } from '@cxcr4pet/volume';
import { UsageError } from '../command.ts';
import { readOptionFile } from './load-vois.ts';

/** An anatomical label map on the PET grid with the names of its labels. */
export interface RegionMap {
  readonly source: string;
  readonly labels: LabelMap;
  readonly names: readonly Region[];
}

/**
 * `--region-names` JSON: an object from label to name, e.g. `{ "1": "head-neck", "2": "thorax" }`.
 * Throws `UsageError` naming the file and the first bad entry.
 */
export function parseRegionNames(text: string, file: string): Region[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--region-names ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(
      `--region-names ${file}: expected an object from label to name, e.g. {"1": "thorax"}`,
    );
  return Object.entries(value).map(([key, name]) => {
    const label = Number(key);
    if (!Number.isInteger(label) || label <= 0 || typeof name !== 'string' || name.trim() === '')
      throw new UsageError(`--region-names ${file}: entry "${key}" must map a label > 0 to a non-empty name`);
    return { label, name: name.trim() };
  });
}

/**
 * Reads `--regions` (a NIfTI label map: 0 = no region, 1..n regions) and carries it onto the PET grid by
 * nearest neighbour; `--region-names` names the labels (unnamed ones become "region <n>").
 */
export async function loadRegionMap(
  path: string,
  namesPath: string | undefined,
  grid: Grid,
): Promise<RegionMap> {
  const names =
    namesPath === undefined
      ? []
      : parseRegionNames(
          new TextDecoder().decode(await readOptionFile(namesPath, 'region-names')),
          namesPath,
        );
  const image = readNifti(await readOptionFile(path, 'regions'), basename(path));
  return { source: path, labels: resampleLabelsNearest(image, image.data, grid), names };
}
