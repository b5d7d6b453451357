import type dicomParser from 'dicom-parser';
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
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  // One flat string from the char codes: appending one character at a time made a chain of ~60 cons
  // strings per UID, kept alive with the instance, which made the young-generation GC copy megabytes.
  return String.fromCharCode.apply(null, bytes.subarray(start, stop) as unknown as number[]);
}

/**
 * The last text value read from one element of a series template (`header-template.ts`), with the bytes
 * it came from: most values repeat from slice to slice (UIDs of the study and series, dates, patient,
 * dose), so `text` compares bytes instead of making the same string again.
 */
export interface TextMemo {
  bytes: Uint8Array;
  /** -1 before the first value. */
  length: number;
  text: string | undefined;
}

export function newTextMemo(): TextMemo {
  return { bytes: new Uint8Array(0), length: -1, text: undefined };
}

/** The trimmed string value, or undefined when absent or empty. */
export function text(dataSet: RawDataSet, tag: string): string | undefined {
  const element = dataSet.elements[tag] as (dicomParser.Element & { textMemo?: TextMemo }) | undefined;
  const memo = element?.textMemo;
  if (element === undefined || memo === undefined) return trimmedText(dataSet, tag);
  const bytes = dataSet.byteArray;
  const start = element.dataOffset;
  const length = element.length;
  if (start + length > bytes.length) return trimmedText(dataSet, tag);
  if (length === memo.length) {
    let n = 0;
    while (n < length && bytes[start + n] === memo.bytes[n]) n++;
    if (n === length) return memo.text;
  }
  const value = trimmedText(dataSet, tag);
  if (memo.bytes.length < length) memo.bytes = new Uint8Array(Math.max(length, 2 * memo.bytes.length));
  memo.bytes.set(bytes.subarray(start, start + length));
  memo.length = length;
  memo.text = value;
  return value;
}

function trimmedText(dataSet: RawDataSet, tag: string): string | undefined {
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
  const slots = creatorSlots(dataSet);
  for (let s = 0; s < slots.length; s++) {
    const tag = slots[s] as string;
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

/**
 * The creator slots present in a data set, by its element table: a series template (header-template.ts)
 * fills in the same table for every slice, so the tags are listed once per series instead of once per file.
 */
const slotsByTable = new WeakMap<object, readonly string[]>();

function creatorSlots(dataSet: RawDataSet): readonly string[] {
  let slots = slotsByTable.get(dataSet.elements);
  if (slots === undefined) {
    const tags: string[] = [];
    for (const tag in dataSet.elements) {
      // xGGGG00BB with BB ≥ 10: the creator slots (gggg,0010)–(gggg,00FF).
      if (
        tag.length === 9 &&
        tag.charCodeAt(5) === 48 &&
        tag.charCodeAt(6) === 48 &&
        tag.charCodeAt(7) !== 48
      )
        tags.push(tag);
    }
    slots = tags;
    slotsByTable.set(dataSet.elements, slots);
  }
  return slots;
}
