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
 * `creator` and returns `xggggxxee`. PS3.5 §7.8.1 (private data element tags).
 */
export function privateTag(
  dataSet: RawDataSet,
  group: string,
  creator: string,
  element: string,
): string | undefined {
  for (const [block, creatorTag] of creatorTags(group)) {
    if (dataSet.elements[creatorTag] === undefined) continue;
    if (text(dataSet, creatorTag) === creator) return `x${group}${block}${element}`;
  }
  return undefined;
}

const creatorTagCache = new Map<string, readonly (readonly [string, string])[]>();

/** The 240 possible private creator tags `(gggg,0010)`–`(gggg,00FF)` of a group, built once. */
function creatorTags(group: string): readonly (readonly [string, string])[] {
  let tags = creatorTagCache.get(group);
  if (tags === undefined) {
    tags = Array.from({ length: 0xf0 }, (_, n) => {
      const block = (n + 0x10).toString(16).padStart(2, '0');
      return [block, `x${group}00${block}`] as const;
    });
    creatorTagCache.set(group, tags);
  }
  return tags;
}
