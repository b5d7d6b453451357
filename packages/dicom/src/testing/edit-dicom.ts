import dcmjs from 'dcmjs';

dcmjs.log.setLevel('error');

/** An element given by tag, for private attributes that dcmjs cannot name: `{ vr: 'DS', Value: ['0.5'] }`. */
export interface RawElement {
  readonly vr: string;
  readonly Value: unknown[];
}

/** Changes to make to a DICOM file. Keys of `set` and `remove` are DICOM keywords (dcmjs naturalized). */
export interface DicomEdit {
  readonly set?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
  /** Elements by hex tag (`70531000`), added after naming; private tags of the original are dropped. */
  readonly raw?: Readonly<Record<string, RawElement>>;
  /** Write with this transfer syntax (default Explicit VR Little Endian). */
  readonly transferSyntaxUid?: string;
}

/**
 * Test helper: a new Part 10 file made from `bytes` with `edit` applied, written by dcmjs (an
 * independent writer, so tests of the dicom-parser based reader are not circular).
 */
export function editDicom(bytes: Uint8Array, edit: DicomEdit): Uint8Array {
  const buffer = bytes.slice().buffer;
  const file = dcmjs.data.DicomMessage.readFile(buffer);
  const dataset: Record<string, unknown> = { ...dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict) };
  for (const key of Object.keys(dataset)) if (/^[0-9A-Fa-f]{8}$/.test(key)) delete dataset[key];
  for (const [key, value] of Object.entries(edit.set ?? {})) dataset[key] = value;
  for (const key of edit.remove ?? []) delete dataset[key];
  const meta = { ...file.meta };
  meta['00020010'] = { vr: 'UI', Value: [edit.transferSyntaxUid ?? '1.2.840.10008.1.2.1'] };
  const out = new dcmjs.data.DicomDict(meta);
  out.dict = { ...dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset), ...(edit.raw ?? {}) };
  return new Uint8Array(out.write());
}

/** Test helper: the naturalized (keyword-named) data set of a file, to read values for an edit. */
export function naturalDataset(bytes: Uint8Array): Readonly<Record<string, unknown>> {
  const file = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
}
