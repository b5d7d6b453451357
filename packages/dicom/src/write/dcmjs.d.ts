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
    /** One bit per voxel, little-endian within each byte (PS3.5 8.1.1), as SEG pixel data stores it. */
    BitArray: { pack(bytes: Uint8Array): Uint8Array; unpack(bytes: ArrayBuffer | Uint8Array): Uint8Array };
  };

  /** dcmjs's Segmentation derivation (PS3.3 A.51): a SEG derived from a normalised multi-frame dataset. */
  export class Segmentation {
    constructor(datasets: readonly Record<string, unknown>[], options?: Record<string, unknown>);
    dataset: Record<string, unknown>;
    setNumberOfFrames(numberOfFrames: number): void;
    addSegmentFromLabelmap(
      segment: Record<string, unknown>,
      labelmaps: readonly ArrayLike<number>[],
      segmentIndexInLabelmap: number,
      referencedFrameNumbers: readonly number[],
    ): void;
    bitPackPixelData(): void;
  }

  export const derivations: { Segmentation: typeof Segmentation };

  /** dcmjs's SR classes (a port of highdicom): coded concepts, content items, templates, documents. */
  export class SrCodedConcept {
    constructor(options: { value: string; schemeDesignator: string; meaning: string });
  }
  /** A content item or a template: a plain object / an array of plain objects dcmjs can write. */
  export type SrContent = Record<string, unknown>;
  type SrItemClass<Options> = new (options: Options) => SrContent;
  type SrTemplateClass<Options> = new (options: Options) => SrContent[];

  export const sr: {
    coding: { CodedConcept: typeof SrCodedConcept };
    valueTypes: {
      RelationshipTypes: Record<string, string>;
      CodeContentItem: SrItemClass<Record<string, unknown>>;
      ContainerContentItem: SrItemClass<Record<string, unknown>>;
      NumContentItem: SrItemClass<Record<string, unknown>>;
      TextContentItem: SrItemClass<Record<string, unknown>>;
      UIDRefContentItem: SrItemClass<Record<string, unknown>>;
      ImageContentItem: SrItemClass<Record<string, unknown>>;
    };
    templates: {
      MeasurementReport: SrTemplateClass<Record<string, unknown>>;
      LanguageOfContentItemAndDescendants: SrTemplateClass<Record<string, unknown>>;
      ObservationContext: SrTemplateClass<Record<string, unknown>>;
      ObserverContext: SrTemplateClass<Record<string, unknown>>;
      DeviceObserverIdentifyingAttributes: SrTemplateClass<Record<string, unknown>>;
      TrackingIdentifier: SrTemplateClass<Record<string, unknown>>;
      AlgorithmIdentification: SrTemplateClass<Record<string, unknown>>;
    };
    documents: { Comprehensive3DSR: new (options: Record<string, unknown>) => Record<string, unknown> };
  };

  export const log: {
    setLevel(level: string): void;
    getLogger(name: string): { setLevel(level: string): void };
  };

  const dcmjs: {
    data: typeof data;
    log: typeof log;
    derivations: typeof derivations;
    sr: typeof sr;
  };
  export default dcmjs;
}
