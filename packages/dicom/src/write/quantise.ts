import { formatDs } from './dicom-values.ts';

/** One slice stored as 16-bit signed integers: real value = stored × slope (intercept 0). */
export interface QuantisedSlice {
  readonly stored: Int16Array;
  /** RescaleSlope exactly as written in the file (`Number(slopeDs)`). */
  readonly slope: number;
  readonly slopeDs: string;
}

/** Largest stored magnitude used; one below 32767 so the rounded DS slope can never overflow it. */
const MAX_STORED = 32766;

/**
 * Quantises one PET slice to signed 16 bits with its own RescaleSlope, as PET scanners do (GE,
 * Siemens): slope = max|value| / 32766, so every voxel is within slope / 2 of its real value
 * (the bound tests use). An all-zero slice gets slope 1. The slope is rounded to the decimal
 * string written in the file first, so the reader's `stored × slope` is the same arithmetic.
 */
export function quantiseSlice(values: ArrayLike<number>): QuantisedSlice {
  let maxAbs = 0;
  for (let n = 0; n < values.length; n++) maxAbs = Math.max(maxAbs, Math.abs(values[n] as number));
  const slopeDs = maxAbs > 0 ? formatDs(maxAbs / MAX_STORED) : '1';
  const slope = Number(slopeDs);
  const stored = new Int16Array(values.length);
  for (let n = 0; n < values.length; n++) stored[n] = Math.round((values[n] as number) / slope);
  return { stored, slope, slopeDs };
}

/** Little-endian bytes of 16-bit stored values (DICOM's byte order, whatever the machine's). */
export function int16LittleEndian(stored: Int16Array): ArrayBuffer {
  const buffer = new ArrayBuffer(stored.length * 2);
  const view = new DataView(buffer);
  for (let n = 0; n < stored.length; n++) view.setInt16(n * 2, stored[n] as number, true);
  return buffer;
}
