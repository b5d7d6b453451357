import dcmjs, { type DcmjsDict, type DcmjsElement } from 'dcmjs';
import { DicomError } from '../errors.ts';
import { ageAt, remapUid, shiftDa, shiftDt } from './keyed-values.ts';
import {
  ATTRIBUTE_ACTIONS,
  CLEANED_TEXT,
  DEID_METHOD_CODES,
  KEPT_TEXT,
  KEPT_UIDS,
  PRIVATE_WHITELIST,
  TEXT_VRS,
} from './profile.ts';

dcmjs.log.setLevel('error');
// dcmjs reports the dictionary's ambiguous VRs (US or SS, "xs") of implicit-VR files as errors; the
// bytes are copied unchanged whatever it picks, so the messages are noise here.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

/** How to de-identify: the participant's pseudonym, date shift and the project's secret. */
export interface DeidOptions {
  /** Replaces PatientName and PatientID (e.g. the study's participant code `CX-0042`). */
  readonly pseudonym: string;
  /** Whole days added to every date (negative: into the past); the same for all of a participant's files. */
  readonly dateShiftDays: number;
  /** The project secret the UID mapping is keyed with (same secret → same new UIDs). */
  readonly secret: string;
}

/** A de-identified file and what the caller must know about it. */
export interface DeidResult {
  readonly bytes: Uint8Array;
  readonly sopInstanceUid: string;
  /**
   * True when the pixels may show identifying text: BurnedInAnnotation is YES, or it is absent in a
   * modality that often burns text in (not PT, CT, MR, NM, SEG, SR). Such files need a human check.
   */
  readonly burnedInAnnotation: boolean;
  /** Tags (`GGGGEEEE`) of free-text attributes removed because they are not known to be harmless. */
  readonly removedText: readonly string[];
}

/** Modalities whose pixels do not carry burned-in text in practice. */
const NO_BURNED_IN_TEXT = new Set(['PT', 'CT', 'MR', 'NM', 'SEG', 'SR']);

/** DeidentificationMethod (LO, 1-n, 64 characters each). */
const DEID_METHOD = [
  'cxcr4pet PS3.15 Basic Application Confidentiality Profile',
  'Retain Longitudinal Temporal Information Modified Dates',
  'Retain Patient Characteristics',
  'Clean Descriptors',
  'UIDs remapped with a keyed hash',
];

function element(vr: string, value: unknown[]): DcmjsElement {
  return { vr, Value: value };
}

function firstText(dict: DcmjsDict, tag: string): string {
  const value = dict[tag]?.Value?.[0];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'Alphabetic' in value)
    return String((value as { Alphabetic?: unknown }).Alphabetic ?? '');
  return String(value);
}

/** Identifying values of the file, cut out of descriptors by the Clean Descriptors option. */
function identifyingTokens(dict: DcmjsDict): string[] {
  const values = [
    ...firstText(dict, '00100010').split(/[\^=\s]+/),
    firstText(dict, '00100020'),
    firstText(dict, '00101000'),
    firstText(dict, '00080050'),
    firstText(dict, '00100030'),
    firstText(dict, '00080080'),
    firstText(dict, '00200010'),
    ...firstText(dict, '00080090').split(/[\^=\s]+/),
    ...firstText(dict, '00101001').split(/[\^=\s]+/),
  ];
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function clean(text: string, tokens: readonly string[]): string {
  let cleaned = text;
  for (const token of tokens) cleaned = cleaned.replace(new RegExp(escapeRegExp(token), 'gi'), '');
  return cleaned.replace(/\s{2,}/g, ' ').trim();
}

interface Context {
  readonly options: DeidOptions;
  readonly tokens: readonly string[];
  readonly removedText: Set<string>;
}

function isPrivate(tag: string): boolean {
  return Number.parseInt(tag.slice(0, 4), 16) % 2 === 1;
}

/** Which private tags of one dataset level survive: whitelisted elements and their creators. */
function keptPrivateTags(dict: DcmjsDict): Set<string> {
  const kept = new Set<string>();
  for (const rule of PRIVATE_WHITELIST) {
    for (let block = 0x10; block <= 0xff; block++) {
      const hex = block.toString(16).toUpperCase().padStart(2, '0');
      const creatorTag = `${rule.group}00${hex}`;
      if (firstText(dict, creatorTag).trim() !== rule.creator) continue;
      kept.add(creatorTag);
      for (const e of rule.elements) kept.add(`${rule.group}${hex}${e.toUpperCase()}`);
    }
  }
  return kept;
}

function processDict(dict: DcmjsDict, context: Context): DcmjsDict {
  const out: DcmjsDict = {};
  const privateKept = keptPrivateTags(dict);
  for (const [tag, original] of Object.entries(dict)) {
    const group = tag.slice(0, 4);
    if (isPrivate(tag)) {
      if (privateKept.has(tag)) out[tag] = original;
      continue;
    }
    if (/^(50|60)[0-9A-F]{2}$/.test(group)) continue; // curves and overlays
    const processed = processElement(tag, original, context);
    if (processed !== undefined) out[tag] = processed;
  }
  return out;
}

function processElement(tag: string, original: DcmjsElement, context: Context): DcmjsElement | undefined {
  const { vr } = original;
  const values = original.Value ?? [];
  const action = ATTRIBUTE_ACTIONS[tag]?.[0];
  switch (action) {
    case 'remove':
      return undefined;
    case 'empty':
      return element(vr, []);
    case 'dummy':
      return element(vr, ['DEIDENTIFIED']);
    case 'pseudonym-name':
      return element('PN', [{ Alphabetic: context.options.pseudonym }]);
    case 'pseudonym-id':
      return element(vr, [context.options.pseudonym]);
    default:
      break;
  }
  if (vr === 'SQ')
    return element(
      vr,
      values.map((item) => processDict(item as DcmjsDict, context)),
    );
  if (vr === 'PN') return element(vr, []);
  if (vr === 'UI')
    return KEPT_UIDS.has(tag)
      ? original
      : element(
          vr,
          values.map((v) => remapUid(context.options.secret, String(v))),
        );
  if (vr === 'DA' || vr === 'DT') {
    const shift = vr === 'DA' ? shiftDa : shiftDt;
    const shifted = values.map((v) => shift(String(v ?? ''), context.options.dateShiftDays));
    return element(vr, shifted.every((v) => v !== undefined) ? shifted : []);
  }
  if (TEXT_VRS.has(vr)) {
    if (KEPT_TEXT.has(tag)) return original;
    if (CLEANED_TEXT.has(tag))
      return element(
        vr,
        values.map((v) => clean(String(v ?? ''), context.tokens)),
      );
    context.removedText.add(tag);
    return undefined;
  }
  if (vr === 'UN') return undefined;
  return original;
}

/**
 * De-identifies one DICOM Part 10 file (PS3.15 Annex E Basic Application Level Confidentiality Profile with
 * the Retain Longitudinal Temporal Information with Modified Dates, Retain Patient Characteristics and
 * Clean Descriptors options; rules in `profile.ts`). PatientName and PatientID become the pseudonym; dates
 * move by `dateShiftDays`; instance UIDs are remapped with the secret; private attributes other than the
 * Philips PET scale factors, overlays and unlisted free text are removed; PatientAge is filled from the
 * birth date (then removed) when missing. Pixel data, rescale, times of day, weight, height and sex are
 * kept, so SUVs are unchanged. Pure: bytes in, bytes out. The transfer syntax is kept.
 * @throws DicomError 'not-dicom' for bytes dcmjs cannot read.
 */
export function deidentify(bytes: Uint8Array, fileName: string, options: DeidOptions): DeidResult {
  if (!Number.isInteger(options.dateShiftDays))
    throw new DicomError('invalid-attribute', `date shift must be whole days, got ${options.dateShiftDays}`);
  let file: { meta: DcmjsDict; dict: DcmjsDict };
  try {
    file = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('not-dicom', `${fileName} is not a readable DICOM file: ${reason}`, {
      file: fileName,
    });
  }
  const context: Context = { options, tokens: identifyingTokens(file.dict), removedText: new Set() };
  const dict = processDict(file.dict, context);
  const age = ageAt(firstText(file.dict, '00100030'), firstText(file.dict, '00080020'));
  if (firstText(file.dict, '00101010') === '' && age !== undefined) dict['00101010'] = element('AS', [age]);
  dict['00120062'] = element('CS', ['YES']);
  dict['00120063'] = element('LO', DEID_METHOD);
  dict['00120064'] = element(
    'SQ',
    DEID_METHOD_CODES.map((code) => ({
      '00080100': element('SH', [code.CodeValue]),
      '00080102': element('SH', [code.CodingSchemeDesignator]),
      '00080104': element('LO', [code.CodeMeaning]),
    })),
  );
  dict['00280303'] = element('CS', ['MODIFIED']);
  const burnedIn = firstText(file.dict, '00280301').trim().toUpperCase();
  const modality = firstText(file.dict, '00080060').trim().toUpperCase();
  const meta = processDict(file.meta, { ...context, removedText: new Set() });
  const out = new dcmjs.data.DicomDict(meta);
  out.dict = dict;
  try {
    return {
      bytes: new Uint8Array(out.write()),
      sopInstanceUid: firstText(dict, '00080018'),
      burnedInAnnotation: burnedIn === 'YES' || (burnedIn === '' && !NO_BURNED_IN_TEXT.has(modality)),
      removedText: [...context.removedText].sort(),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('write-failed', `cannot write de-identified ${fileName}: ${reason}`, {
      file: fileName,
    });
  }
}
