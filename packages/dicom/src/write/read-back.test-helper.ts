import dcmjs from 'dcmjs';

/** A file read back with dcmjs (independent of the writer's own encoding code paths). */
export interface ReadBack {
  readonly natural: Record<string, unknown>;
  readonly raw: Record<string, { vr: string; Value: unknown[] }>;
  /** Stored pixel values (signed 16-bit) of the slice. */
  readonly stored: Int16Array;
}

export function readBack(bytes: Uint8Array): ReadBack {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { dict } = dcmjs.data.DicomMessage.readFile(buffer as ArrayBuffer);
  const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict);
  const pixelData = natural.PixelData;
  const first = Array.isArray(pixelData) ? (pixelData[0] as unknown) : undefined;
  if (!(first instanceof ArrayBuffer)) throw new Error('no PixelData in file');
  return { natural, raw: dict, stored: new Int16Array(first) };
}

/** A natural attribute as a number (dcmjs gives DS/IS as numbers or strings, single or in arrays). */
export function num(dataset: Record<string, unknown>, keyword: string): number {
  const value = dataset[keyword];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return Number(first);
}
