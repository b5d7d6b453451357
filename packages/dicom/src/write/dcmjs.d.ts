/**
 * The slice of dcmjs (https://github.com/dcmjs-org/dcmjs) that the writer uses. dcmjs ships no
 * TypeScript types, so this declares only the calls made here, with their real shapes.
 */
declare module 'dcmjs' {
  /** One element of a "denaturalised" dataset: tag hex (`'00100010'`) → VR and values. */
  export interface DcmjsElement {
    vr: string;
    Value: unknown[];
  }
  export type DcmjsDict = Record<string, DcmjsElement>;

  export class DicomDict {
    constructor(meta: DcmjsDict);
    meta: DcmjsDict;
    dict: DcmjsDict;
    /** Encodes a Part 10 file (preamble, meta group, dataset) and returns its bytes. */
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  export const DicomMetaDictionary: {
    /** Keyword-named dataset (`{ PatientName: 'x' }`) → tag-keyed dataset. */
    denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDict;
    /** Tag-keyed dataset → keyword-named dataset. */
    naturalizeDataset(dict: DcmjsDict): Record<string, unknown>;
  };

  export const DicomMessage: {
    readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): { meta: DcmjsDict; dict: DcmjsDict };
  };

  export const data: {
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: typeof DicomMetaDictionary;
    DicomMessage: typeof DicomMessage;
  };

  export const log: { setLevel(level: string): void };

  const dcmjs: { data: typeof data; log: typeof log };
  export default dcmjs;
}
