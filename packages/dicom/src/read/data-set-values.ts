import type { RawDataSet } from './parse-part10.ts';

/**
 * Typed readers over a `dicom-parser` data set. Tags are `xGGGGEEEE` strings, as dicom-parser
 * names them; absent, empty or unparsable values read as `undefined`.
 */

/** The trimmed string value, or undefined when absent or empty. */
export function text(dataSet: RawDataSet, tag: string): string | undefined {
  const value = dataSet.string(tag);
  if (value === undefined) return undefined;
  const trimmed = value.replace(/\0+$/, '').trim();
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

/**
 * The tag of a private element given its creator: finds the block `(gggg,00xx)` whose value is
 * `creator` (the lowest such block when several match) and returns `xggggxxee`.
 * PS3.5 §7.8.1 (private data element tags).
 * One pass over the elements present (a PET file has ~80) rather than probing all 240 possible
 * creator tags: this runs several times per file, and probing cost ~15 ms per 500-slice series.
 */
export function privateTag(
  dataSet: RawDataSet,
  group: string,
  creator: string,
  element: string,
): string | undefined {
  const prefix = `x${group}00`;
  let found: string | undefined;
  for (const tag in dataSet.elements) {
    if (tag.length !== 9 || !tag.startsWith(prefix)) continue;
    const block = tag.slice(7);
    // (gggg,0000)–(gggg,000F) are not creator slots; lower-case hex compares like numbers.
    if (block < '10' || (found !== undefined && block > found)) continue;
    if (text(dataSet, tag) === creator) found = block;
  }
  return found === undefined ? undefined : `x${group}${found}${element}`;
}
