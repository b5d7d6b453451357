import type { Direction, Vec3, Volume } from '@cxcr4pet/volume';
import { DicomError } from '../errors.ts';
import { writeRescaledFrame } from './decode-pixels.ts';
import type { DicomInstance, ImagePlane } from './dicom-instance.ts';

/** Relative tolerance on slice gaps: every gap within 1 % of the median gap (see README). */
export const SLICE_GAP_TOLERANCE = 0.01;
/** Orientation cosines of all slices equal within this (DS values carry ~6–16 digits). */
const ORIENTATION_TOLERANCE = 1e-4;
/** Pixel spacing of all slices equal within this fraction. */
const SPACING_TOLERANCE = 1e-3;
/** Slice positions off the normal line by at most this fraction of the smaller pixel spacing. */
const IN_PLANE_TOLERANCE = 0.01;

interface Slice {
  readonly instance: DicomInstance;
  readonly image: ImagePlane;
  readonly position: Vec3;
  /** Position along the slice normal, mm. */
  readonly normalMm: number;
}

function inconsistent(what: string, message: string, file?: string): DicomError {
  return new DicomError('inconsistent-series', `${what}: ${message}`, file === undefined ? {} : { file });
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function unit(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / length, v[1] / length, v[2] / length];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function checkedImage(instance: DicomInstance, what: string): ImagePlane {
  const image = instance.image;
  if (image === undefined) throw inconsistent(what, `${instance.fileName} has no image`, instance.fileName);
  if (image.numberOfFrames > 1)
    throw new DicomError(
      'unsupported-image',
      `${instance.fileName} is a multi-frame (enhanced) image with ${image.numberOfFrames} frames; cxcr4pet reads single-frame PET/CT series only (export the series as classic single-frame images)`,
      { file: instance.fileName, attribute: 'NumberOfFrames' },
    );
  return image;
}

/**
 * Builds a `Volume` from the single-frame instances of one series.
 * Slices are sorted by their position along the slice normal (row × column cosines), never by
 * file name or InstanceNumber. All slices must share matrix, pixel spacing and orientation; every
 * gap between neighbouring slices must be within `SLICE_GAP_TOLERANCE` (1 %) of the median gap,
 * and the positions must lie on one line along the normal (no gantry tilt). Each slice's own
 * RescaleSlope/Intercept is applied. `what` names the series in messages.
 * The k axis points the way slice positions increase; origin is the first slice's position.
 * @see DICOM PS3.3 C.7.6.2.1.1 (Image Position and Orientation)
 */
export async function buildVolume(instances: readonly DicomInstance[], what: string): Promise<Volume> {
  const first = instances[0];
  if (first === undefined) throw inconsistent(what, 'no images');
  const firstImage = checkedImage(first, what);
  const { rows, columns } = firstImage;
  const orientation = firstImage.orientation;
  const rowSpacingMm = firstImage.rowSpacingMm;
  const columnSpacingMm = firstImage.columnSpacingMm;
  if (orientation === undefined)
    throw new DicomError('missing-attribute', `${first.fileName} has no ImageOrientationPatient`, {
      file: first.fileName,
      attribute: 'ImageOrientationPatient',
    });
  if (rowSpacingMm === undefined || columnSpacingMm === undefined)
    throw new DicomError('missing-attribute', `${first.fileName} has no PixelSpacing`, {
      file: first.fileName,
      attribute: 'PixelSpacing',
    });
  const rowDirection = unit([orientation[0], orientation[1], orientation[2]]);
  const columnDirection = unit([orientation[3], orientation[4], orientation[5]]);
  const normal = unit(cross(rowDirection, columnDirection));

  const slices: Slice[] = instances.map((instance) => {
    const image = checkedImage(instance, what);
    const file = instance.fileName;
    if (image.rows !== rows || image.columns !== columns)
      throw inconsistent(
        what,
        `${file} is ${image.columns}×${image.rows}, other slices ${columns}×${rows}`,
        file,
      );
    const o = image.orientation;
    if (
      o === undefined ||
      o.some((value, n) => Math.abs(value - (orientation[n] ?? 0)) > ORIENTATION_TOLERANCE)
    )
      throw inconsistent(
        what,
        `${file} has a different ImageOrientationPatient from ${first.fileName}`,
        file,
      );
    const r = image.rowSpacingMm ?? Number.NaN;
    const c = image.columnSpacingMm ?? Number.NaN;
    if (
      !(Math.abs(r - rowSpacingMm) <= SPACING_TOLERANCE * rowSpacingMm) ||
      !(Math.abs(c - columnSpacingMm) <= SPACING_TOLERANCE * columnSpacingMm)
    )
      throw inconsistent(
        what,
        `${file} has PixelSpacing ${r}\\${c}, other slices ${rowSpacingMm}\\${columnSpacingMm}`,
        file,
      );
    const position = image.positionMm;
    if (position === undefined)
      throw new DicomError('missing-attribute', `${file} has no ImagePositionPatient`, {
        file,
        attribute: 'ImagePositionPatient',
      });
    return { instance, image, position, normalMm: dot(position, normal) };
  });
  slices.sort((a, b) => a.normalMm - b.normalMm);

  const base = slices[0] as Slice;
  const inPlaneLimitMm = IN_PLANE_TOLERANCE * Math.min(rowSpacingMm, columnSpacingMm);
  for (const slice of slices) {
    const along = slice.normalMm - base.normalMm;
    const off = Math.hypot(
      slice.position[0] - base.position[0] - along * normal[0],
      slice.position[1] - base.position[1] - along * normal[1],
      slice.position[2] - base.position[2] - along * normal[2],
    );
    if (off > inPlaneLimitMm)
      throw inconsistent(
        what,
        `${slice.instance.fileName} is shifted ${off.toFixed(3)} mm in-plane from ${base.instance.fileName} (tilted or sheared stack; limit ${inPlaneLimitMm.toFixed(3)} mm)`,
        slice.instance.fileName,
      );
  }

  let sliceSpacingMm = firstImage.sliceThicknessMm ?? 1;
  if (slices.length > 1) {
    const gaps = slices.slice(1).map((slice, n) => slice.normalMm - (slices[n] as Slice).normalMm);
    const typical = median(gaps);
    for (let n = 0; n < gaps.length; n++) {
      const gap = gaps[n] ?? 0;
      const a = (slices[n] as Slice).instance.fileName;
      const b = (slices[n + 1] as Slice).instance.fileName;
      if (gap < SLICE_GAP_TOLERANCE * typical || typical <= 0)
        throw inconsistent(
          what,
          `${a} and ${b} are at the same position (${(slices[n] as Slice).normalMm.toFixed(3)} mm along the normal); several time frames or duplicate files?`,
          b,
        );
      if (Math.abs(gap - typical) > SLICE_GAP_TOLERANCE * typical)
        throw inconsistent(
          what,
          `unequal slice spacing: ${gap.toFixed(3)} mm between ${a} and ${b}, ${typical.toFixed(3)} mm elsewhere (tolerance 1 %)`,
          b,
        );
    }
    sliceSpacingMm = ((slices[slices.length - 1] as Slice).normalMm - base.normalMm) / (slices.length - 1);
  }

  const sliceSize = rows * columns;
  const data = new Float32Array(sliceSize * slices.length);
  // One buffer for deferred pixel reads, reused by every slice: it stays in cache while it is converted.
  const scratch = new Uint8Array(sliceSize * 4);
  for (let k = 0; k < slices.length; k++)
    await writeRescaledFrame((slices[k] as Slice).instance, 0, data, k * sliceSize, scratch);
  const direction: Direction = [...rowDirection, ...columnDirection, ...normal];
  return {
    dims: [columns, rows, slices.length],
    spacingMm: [columnSpacingMm, rowSpacingMm, sliceSpacingMm],
    originMm: base.position,
    direction,
    data,
  };
}
