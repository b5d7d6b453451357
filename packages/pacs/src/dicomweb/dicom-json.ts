/** One attribute of a DICOM JSON object (PS3.18 F.2): `{ vr, Value }`. */
export interface DicomJsonAttribute {
  readonly vr: string;
  readonly Value?: readonly unknown[];
}

/** A DICOM JSON dataset: tag (`0020000D`) → attribute. */
export type DicomJson = Readonly<Record<string, DicomJsonAttribute>>;

/** The first value of an attribute as text (a person name's Alphabetic form); '' when absent. */
export function jsonText(dataset: DicomJson, tag: string): string {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'Alphabetic' in value)
    return String((value as { Alphabetic?: unknown }).Alphabetic ?? '');
  return String(value);
}

/** Every value of an attribute as text. */
export function jsonTexts(dataset: DicomJson, tag: string): string[] {
  return (dataset[tag]?.Value ?? []).map((value) => String(value));
}
