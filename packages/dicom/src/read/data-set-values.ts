import type { RawDataSet } from './parse-part10.ts';

/**
 * Typed readers over a `dicom-parser` data set. Tags are `xGGGGEEEE` strings, as dicom-parser
 * names them; absent, empty or unparsable values read as `undefined`.
 */

/**
 * The element's bytes as a string: Latin-1 (one code unit per byte, as `dicom-parser`'s `string` reads
 * them), up to the first NUL. Read straight from the bytes: `dataSet.string` plus a trim per call cost
 * ~2× as much, and `mapInstance` reads ~45 strings per file (bench/RESULTS.md). Falls back to
 * `dataSet.string` (which throws past the end of the bytes) for values it did not parse from bytes.
 */
function rawString(dataSet: RawDataSet, tag: string): string | undefined {
  const element = dataSet.elements[tag];
  if (element === undefined || !(element.length > 0)) return undefined;
  const bytes = dataSet.byteArray;
  const start = element.dataOffset;
  const end = start + element.length;
  if ('Value' in element || end > bytes.length) return dataSet.string(tag);
  let value = '';
  for (let n = start; n < end; n++) {
    const byte = bytes[n] as number;
    if (byte === 0) break;
    value += String.fromCharCode(byte);
  }
  return value;
}

/** The trimmed string value, or undefined when absent or empty. */
export function text(dataSet: RawDataSet, tag: string): string | undefined {
  const value = rawString(dataSet, tag);
  if (value === undefined) return undefined;
  const trimmed = (value.charCodeAt(value.length - 1) === 0 ? value.replace(/\0+$/, '') : value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The backslash-separated values of a multi-valued string attribute. */
export function texts(dataSet: RawDataSet, tag: string): readonly string[] {
  const value = text(dataSet, tag);
  return value === undefined ? [] : value.split('\\').map((part) => part.trim());
}

/** A DS or IS number (first value), or undefined. */
export function decimal(dataSet: RawDataSet, tag: string): number | undefined {
  const value = text(dataSet, tag)?.split('\\')[0];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** All numbers of a multi-valued DS/IS attribute, or undefined when any is not a number. */
export function decimals(dataSet: RawDataSet, tag: string): readonly number[] | undefined {
  const parts = texts(dataSet, tag);
  if (parts.length === 0) return undefined;
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : undefined;
}

/** A US value, or undefined. */
export function uint16(dataSet: RawDataSet, tag: string): number | undefined {
  const element = dataSet.elements[tag];
  if (element === undefined || element.length < 2) return undefined;
  return dataSet.uint16(tag);
}

/** The data set of the first item of a sequence, or undefined. */
export function firstItem(dataSet: RawDataSet, tag: string): RawDataSet | undefined {
  return dataSet.elements[tag]?.items?.[0]?.dataSet;
}

/** A private block reservation: its group (`gggg`, lower-case hex) and the creator's name. */
export interface PrivateCreator {
  readonly group: string;
  readonly creator: string;
}

/**
 * For each of `creators`, the private block `xx` of the lowest creator element `(gggg,00xx)` whose value
 * is that creator's name, or undefined. PS3.5 §7.8.1 (private data element tags).
 * One pass over the tags present (a PET file has ~80) for all creators together, comparing characters
 * rather than slicing: probing all 240 creator slots cost ~15 ms per 500-slice series, and one pass per
 * creator ~9 ms (bench/RESULTS.md).
 */
export function privateBlocks(
  dataSet: RawDataSet,
  creators: readonly PrivateCreator[],
): (string | undefined)[] {
  const found: (string | undefined)[] = creators.map(() => undefined);
  for (const tag in dataSet.elements) {
    // xGGGG00BB with BB ≥ 10: the creator slots (gggg,0010)–(gggg,00FF).
    if (tag.length !== 9 || tag.charCodeAt(5) !== 48 || tag.charCodeAt(6) !== 48 || tag.charCodeAt(7) === 48)
      continue;
    for (let n = 0; n < creators.length; n++) {
      const { group, creator } = creators[n] as PrivateCreator;
      if (!tag.startsWith(group, 1)) continue;
      const block = tag.slice(7);
      const earlier = found[n];
      // Lower-case hex of equal length compares like numbers.
      if ((earlier === undefined || block < earlier) && text(dataSet, tag) === creator) found[n] = block;
    }
  }
  return found;
}
