import dicomParser from 'dicom-parser';
import { newTextMemo, type TextMemo } from './data-set-values.ts';
import type { RawDataSet } from './parse-part10.ts';

/*
 * Series templates: the head of every file of a series after the first, parsed against the first one's
 * layout instead of by dicom-parser.
 *
 * Why hand-written: a scanner writes every slice of a series with the same attributes in the same order;
 * only some values differ (UIDs, position, instance number, rescale, times). dicom-parser walks each head
 * from nothing, naming every tag as a new string and deciding each element's kind again, which was the
 * largest single cost of reading a 500-slice series (≈ 40–50 ms of ≈ 200 ms CPU, bench/RESULTS.md). No
 * library offers "parse like that file" (dcmjs and dicom-parser both parse each file on its own). Here
 * the first file's data set (parsed by dicom-parser) becomes a template, and each following head is
 * *checked* against it element by element: the same tag, VR and kind at each step; a leaf value may change
 * its length (e.g. "12.5" → "102.5"), which shifts what follows. The walk then builds the very element
 * table dicom-parser would build for those bytes, so everything downstream (`mapInstance`) is unchanged.
 * Anything that does not match, or that dicom-parser decides from value bytes rather than headers, makes
 * the walk give up (`undefined`), and the caller parses with dicom-parser as before.
 *
 * What dicom-parser decides from bytes, and how each is matched here (dicom-parser 1.8):
 * - the transfer syntax (the value of (0002,0010)): the template's value bytes, exactly;
 * - explicit VR: tag, VR and length from each header; SQ → items; undefined length → delimiters;
 * - implicit VR: whether an element is a sequence is guessed by peeking at its first four value bytes for
 *   an item or sequence-delimiter tag; the peek must give what the template's kind says. A private
 *   sequence of defined length (parsed, then dropped) must have the template's exact bytes;
 * - the meta header's last element is found by reading the next element as explicit VR; for implicit
 *   files the first data set element's header must equal the template's, and a template is not made when
 *   that probe would read further;
 * - non-sequence elements of undefined length (scanned for a delimiter in their values), UN sequences and
 *   undefined-length private sequences: no template is made.
 * The test (header-template.test.ts) compares the walk's element tables with dicom-parser's on real and
 * written files, and checks that mismatches give up.
 */

const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const UNDEFINED_LENGTH = 0xffffffff;
const PIXEL_DATA = 'x7fe00010';
const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** VRs whose explicit header has two reserved bytes and a 4-byte length (as dicom-parser 1.8 lists them). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);

type RawElement = dicomParser.Element;

/**
 * An element as dicom-parser makes it at run time (its typings omit that implicit-VR elements carry
 * `vr: undefined`), plus the memo of its last text value (`data-set-values.ts`).
 */
interface WalkedElement {
  tag: string;
  /** Absent on items. */
  vr?: string | undefined;
  length: number;
  dataOffset: number;
  hadUndefinedLength?: boolean;
  items?: WalkedElement[];
  dataSet?: RawDataSet;
  parser?: RawDataSet['byteArrayParser'];
  textMemo?: TextMemo;
}

/** How an element is walked: its value may change length, must stay byte-equal, holds items, … */
type ElementKind = 'leaf' | 'fixed' | 'sequence' | 'item-delimiter' | 'pixel-data';

interface ElementShape {
  readonly tag: string;
  /** group × 65536 + element, as the tag's two little-endian uint16 read. */
  readonly tagNumber: number;
  /** The two VR bytes as a little-endian uint16 (explicit VR only). */
  readonly vrCode: number;
  readonly longLength: boolean;
  readonly kind: ElementKind;
  readonly undefinedLength: boolean;
  /** Implicit VR item delimiter: whether dicom-parser took it for an empty sequence (it peeks). */
  readonly delimiterPeek: boolean;
  readonly items: readonly ItemShape[];
  /** kind 'fixed': the value bytes every file must repeat. */
  readonly value: Uint8Array | undefined;
  /** Meta header elements are always explicit VR. */
  readonly meta: boolean;
  /** The element object each walk fills in (see `parseWithTemplate`). */
  readonly out: WalkedElement;
}

interface ItemShape {
  readonly undefinedLength: boolean;
  readonly elements: readonly ElementShape[];
  /** The item object each walk fills in, with its data set. */
  readonly out: WalkedElement;
}

/** The layout of one file's head (up to and including the Pixel Data header), made by `headerTemplate`. */
export interface HeaderTemplate {
  readonly explicit: boolean;
  readonly meta: readonly ElementShape[];
  readonly body: readonly ElementShape[];
  /** Implicit VR: the first data set element's 8 header bytes, which the meta header's end-probe reads. */
  readonly probe: Uint8Array | undefined;
  /** The data set each walk returns, and every data set in it (their bytes are set per walk). */
  readonly dataSet: RawDataSet;
  readonly dataSets: readonly RawDataSet[];
}

function uint16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function uint32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
    (bytes[at + 3] as number) * 0x1000000
  );
}

function tagAt(bytes: Uint8Array, at: number): number {
  return uint16(bytes, at) * 0x10000 + uint16(bytes, at + 2);
}

/** dicom-parser's implicit-VR sequence guess: the four bytes at `at` are an item or sequence delimiter tag. */
function peeksSequence(bytes: Uint8Array, at: number): boolean {
  if (at + 4 > bytes.length) return false;
  const tag = tagAt(bytes, at);
  return tag === ITEM || tag === SEQUENCE_DELIMITER;
}

function byOffset(elements: Readonly<Record<string, RawElement>>): RawElement[] {
  return Object.values(elements).sort((a, b) => a.dataOffset - b.dataOffset);
}

class NoTemplate extends Error {}

/** Every element's tag, offset, length and items, in offset order (to compare two parses of one head). */
export function layoutKey(dataSet: RawDataSet): string {
  return byOffset(dataSet.elements)
    .map((element) => {
      const items = element.items?.map(
        (item) =>
          `<${item.length}:${item.dataOffset}:${item.hadUndefinedLength === true}:${item.dataSet === undefined ? '' : layoutKey(item.dataSet)}>`,
      );
      return `${element.tag}:${element.vr ?? ''}:${element.dataOffset}:${element.length}:${element.hadUndefinedLength === true}:${element.parser !== undefined}${items === undefined ? '' : `[${items.join('')}]`}`;
    })
    .join(',');
}

/** dicom-parser's DataSet class (exported at run time; its typings declare only the interface). */
const DataSet = (
  dicomParser as unknown as {
    DataSet: new (
      parser: RawDataSet['byteArrayParser'],
      bytes: Uint8Array,
      elements: Record<string, WalkedElement>,
    ) => RawDataSet;
  }
).DataSet;

const PARSER = dicomParser.littleEndianByteArrayParser;
const NO_BYTES = new Uint8Array(0);

/** A data set whose elements are `shapes`' element objects, in file order; recorded in `dataSets`. */
function dataSetOf(shapes: readonly ElementShape[], dataSets: RawDataSet[]): RawDataSet {
  const elements: Record<string, WalkedElement> = {};
  for (const shape of shapes) elements[shape.tag] = shape.out;
  const dataSet = new DataSet(PARSER, NO_BYTES, elements);
  dataSets.push(dataSet);
  return dataSet;
}

function shapeOf(
  element: RawElement,
  bytes: Uint8Array,
  explicit: boolean,
  meta: boolean,
  dataSets: RawDataSet[],
): ElementShape {
  const vr = element.vr;
  const longLength = explicit && vr !== undefined && LONG_LENGTH_VRS.has(vr);
  const headerStart = element.dataOffset - (longLength ? 12 : 8);
  const tagNumber = tagAt(bytes, headerStart);
  const undefinedLength = element.hadUndefinedLength === true;
  const out: WalkedElement = meta
    ? { tag: element.tag, vr, length: 0, dataOffset: 0, parser: PARSER, textMemo: newTextMemo() }
    : { tag: element.tag, vr, length: 0, dataOffset: 0, textMemo: newTextMemo() };
  const shape = {
    tag: element.tag,
    tagNumber,
    vrCode: explicit ? uint16(bytes, headerStart + 4) : 0,
    longLength,
    undefinedLength,
    delimiterPeek: false,
    items: [] as ItemShape[],
    value: undefined,
    meta,
    out,
  };
  if (element.tag === PIXEL_DATA && !meta) return { ...shape, kind: 'pixel-data' };
  if (tagNumber === ITEM_DELIMITER) {
    if (element.length !== 0) throw new NoTemplate();
    const delimiterPeek = !explicit && element.items !== undefined;
    if (delimiterPeek) out.items = [];
    return { ...shape, kind: 'item-delimiter', delimiterPeek };
  }
  const items = element.items;
  if (items !== undefined) {
    if (explicit && vr !== 'SQ') throw new NoTemplate(); // UN read as an implicit sequence
    if (undefinedLength) out.hadUndefinedLength = true;
    const itemShapes = items.map((item): ItemShape => {
      if (item.dataSet === undefined) throw new NoTemplate();
      const elements = byOffset(item.dataSet.elements).map((inner) =>
        shapeOf(inner, bytes, explicit, false, dataSets),
      );
      const itemOut: WalkedElement =
        item.hadUndefinedLength === true
          ? { tag: 'xfffee000', length: 0, dataOffset: 0, hadUndefinedLength: true, dataSet: NO_DATA_SET }
          : { tag: 'xfffee000', length: 0, dataOffset: 0, dataSet: NO_DATA_SET };
      itemOut.dataSet = dataSetOf(elements, dataSets);
      return { undefinedLength: item.hadUndefinedLength === true, elements, out: itemOut };
    });
    out.items = itemShapes.map((item) => item.out);
    return { ...shape, kind: 'sequence', items: itemShapes };
  }
  if (undefinedLength) throw new NoTemplate(); // scanned for a delimiter, or a dropped private sequence
  // An implicit private sequence of defined length: parsed by dicom-parser, then its items dropped
  // (dicom-parser leaves `items: undefined` on it; nothing reads it).
  const droppedSequence = !explicit && 'items' in element;
  if (droppedSequence || element.tag === 'x00020010')
    return {
      ...shape,
      kind: 'fixed',
      value: bytes.slice(element.dataOffset, element.dataOffset + element.length),
    };
  return { ...shape, kind: 'leaf' };
}

const NO_DATA_SET = new DataSet(PARSER, NO_BYTES, {});

/**
 * The layout of a head that dicom-parser parsed up to Pixel Data (`parsePart10Header`), or undefined when
 * the head has something a template cannot check (see the file's comment): then every file is parsed by
 * dicom-parser. The template keeps no reference to the head's bytes.
 */
export function headerTemplate(dataSet: RawDataSet): HeaderTemplate | undefined {
  const bytes = dataSet.byteArray;
  if (dataSet.elements.x00020010 === undefined) return undefined;
  const syntax = dataSet.string('x00020010');
  if (syntax !== IMPLICIT_LITTLE_ENDIAN && syntax !== EXPLICIT_LITTLE_ENDIAN) return undefined;
  const explicit = syntax === EXPLICIT_LITTLE_ENDIAN;
  const all = byOffset(dataSet.elements);
  const metaElements = all.filter((element) => element.parser !== undefined);
  const bodyElements = all.filter((element) => element.parser === undefined);
  const lastMeta = metaElements[metaElements.length - 1];
  const firstBody = bodyElements[0];
  if (lastMeta === undefined || firstBody === undefined || lastMeta.dataOffset > firstBody.dataOffset)
    return undefined;
  if (bodyElements[bodyElements.length - 1]?.tag !== PIXEL_DATA) return undefined;
  try {
    const dataSets: RawDataSet[] = [];
    const meta = metaElements.map((element) => shapeOf(element, bytes, true, true, dataSets));
    const body = bodyElements.map((element) => shapeOf(element, bytes, explicit, false, dataSets));
    let probe: Uint8Array | undefined;
    if (!explicit) {
      const start = firstBody.dataOffset - 8;
      // The meta header's end-probe reads this header as explicit VR; with a 4-byte-length "VR" it would
      // read value bytes (or a sequence) too.
      const vr = String.fromCharCode(bytes[start + 4] as number, bytes[start + 5] as number);
      if (LONG_LENGTH_VRS.has(vr)) return undefined;
      probe = bytes.slice(start, start + 8);
    }
    // As dicom-parser merges them: the data set's elements, then the meta header's.
    const top = dataSetOf([...body, ...meta], dataSets);
    top.warnings = [];
    const template: HeaderTemplate = { explicit, meta, body, probe, dataSet: top, dataSets };
    // The template must give back its own file's layout: a check of this walk against dicom-parser on
    // every new layout, so a head where the two would differ is never walked.
    const again = parseWithTemplate(template, bytes);
    return again !== undefined && layoutKey(again) === layoutKey(dataSet) ? template : undefined;
  } catch (error) {
    if (error instanceof NoTemplate) return undefined;
    throw error;
  }
}

/*
 * The walk: each function reads from `position` and returns the position after what it read, or -1 at
 * the first difference from the template. It fills in the template's element objects, allocating nothing
 * (a new element table per file was ≈ 15 KB of garbage, and the young-generation GC it caused cost more
 * than the parsing).
 */

/** Walks `shapes` from `position`, each starting before `end` (dicom-parser's loop bound). */
function walkElements(
  shapes: readonly ElementShape[],
  bytes: Uint8Array,
  position: number,
  end: number,
  explicit: boolean,
): number {
  let at = position;
  for (let n = 0; n < shapes.length; n++) {
    if (at >= end) return -1;
    const shape = shapes[n] as ElementShape;
    at = walkElement(shape, bytes, at, shape.meta || explicit);
    if (at < 0) return -1;
  }
  return at;
}

function walkElement(shape: ElementShape, bytes: Uint8Array, start: number, explicit: boolean): number {
  const headerLength = explicit && shape.longLength ? 12 : 8;
  if (start + headerLength > bytes.length || tagAt(bytes, start) !== shape.tagNumber) return -1;
  let length: number;
  if (explicit) {
    if (uint16(bytes, start + 4) !== shape.vrCode) return -1;
    length = shape.longLength ? uint32(bytes, start + 8) : uint16(bytes, start + 6);
  } else length = uint32(bytes, start + 4);
  const dataOffset = start + headerLength;
  if ((length === UNDEFINED_LENGTH) !== shape.undefinedLength) return -1;
  const peek = !explicit && peeksSequence(bytes, dataOffset);
  const out = shape.out;
  out.dataOffset = dataOffset;
  out.length = length;
  switch (shape.kind) {
    case 'leaf':
      return peek ? -1 : dataOffset + length;
    case 'fixed': {
      const value = shape.value as Uint8Array;
      if (length !== value.length || dataOffset + length > bytes.length) return -1;
      for (let n = 0; n < length; n++) if (bytes[dataOffset + n] !== value[n]) return -1;
      return !explicit && !peek ? -1 : dataOffset + length;
    }
    case 'item-delimiter':
      // Implicit VR: dicom-parser takes a delimiter followed by an item or sequence delimiter tag for an
      // empty sequence (`items: []`); the template's element has what its file had.
      return length !== 0 || peek !== shape.delimiterPeek ? -1 : dataOffset;
    case 'pixel-data':
      return dataOffset;
    case 'sequence':
      return !explicit && !peek ? -1 : walkSequence(shape, bytes, dataOffset, length, explicit);
  }
}

function walkSequence(
  shape: ElementShape,
  bytes: Uint8Array,
  dataOffset: number,
  length: number,
  explicit: boolean,
): number {
  const end = shape.undefinedLength ? bytes.length : dataOffset + length;
  let at = dataOffset;
  for (let n = 0; n < shape.items.length; n++) {
    if (shape.undefinedLength) {
      if (at + 4 > bytes.length || tagAt(bytes, at) === SEQUENCE_DELIMITER) return -1;
    } else if (at >= end) return -1;
    if (at + 8 > bytes.length || tagAt(bytes, at) !== ITEM) return -1;
    at = walkItem(shape.items[n] as ItemShape, bytes, uint32(bytes, at + 4), at + 8, explicit);
    if (at < 0) return -1;
  }
  if (!shape.undefinedLength) return at === end ? at : -1;
  if (at + 4 > bytes.length || tagAt(bytes, at) !== SEQUENCE_DELIMITER) return -1;
  shape.out.length = at - dataOffset;
  return at + 8;
}

function walkItem(
  shape: ItemShape,
  bytes: Uint8Array,
  length: number,
  dataOffset: number,
  explicit: boolean,
): number {
  const undefinedLength = length === UNDEFINED_LENGTH;
  if (undefinedLength !== shape.undefinedLength) return -1;
  const end = undefinedLength ? bytes.length : dataOffset + length;
  const at = walkElements(shape.elements, bytes, dataOffset, end, explicit);
  if (at < 0) return -1;
  shape.out.dataOffset = dataOffset;
  if (undefinedLength) {
    // The item's elements end with its delimiter (the shape's last element).
    if (shape.elements[shape.elements.length - 1]?.kind !== 'item-delimiter') return -1;
    shape.out.length = at - dataOffset;
    return at;
  }
  shape.out.length = length;
  return at === end ? at : -1;
}

const DICM = [0x44, 0x49, 0x43, 0x4d];

/**
 * Parses `head` (the start of a Part 10 file) up to its Pixel Data header with `template`: the same data
 * set dicom-parser's `parseDicom(head, { untilTag: 'x7fe00010' })` gives, or undefined when the head does
 * not follow the template (then parse it with dicom-parser).
 *
 * The data set returned is the template's own, filled in for this head: it is valid until the next call
 * with the same template (read what you need from it first, as `mapInstance` does).
 */
export function parseWithTemplate(template: HeaderTemplate, head: Uint8Array): RawDataSet | undefined {
  if (head.length < 132) return undefined;
  for (let n = 0; n < 4; n++) if (head[128 + n] !== DICM[n]) return undefined;
  let at = walkElements(template.meta, head, 132, head.length, true);
  if (at < 0) return undefined;
  const probe = template.probe;
  if (probe !== undefined) {
    if (at + 8 > head.length) return undefined;
    for (let n = 0; n < 8; n++) if (head[at + n] !== probe[n]) return undefined;
  }
  at = walkElements(template.body, head, at, head.length, template.explicit);
  if (at < 0) return undefined;
  for (const dataSet of template.dataSets) dataSet.byteArray = head;
  return template.dataSet;
}
