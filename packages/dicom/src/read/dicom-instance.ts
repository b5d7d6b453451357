import type { Vec3 } from '@cxcr4pet/volume';

/**
 * One DICOM file after parsing: every attribute cxcr4pet uses, typed and in named units.
 * This is the boundary: nothing past `mapInstance` sees DICOM keywords or raw bytes other than
 * the pixel data. Absent or unparsable attributes are `undefined`; checks happen where they matter.
 */
export interface DicomInstance {
  /** The name used in messages (usually the path relative to the folder read). */
  readonly fileName: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /** `PT`, `CT`, … as in the file (upper case). */
  readonly modality: string;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  readonly frameOfReferenceUid: string | undefined;
  /** Patient and study identity, as written (for results that refer back to this study: SEG, SR). */
  readonly study: StudyIdentity;
  /** Present when the file holds an image (Rows, Columns and Pixel Data). */
  readonly image: ImagePlane | undefined;
  /** Present for PET instances. */
  readonly pet: PetInstanceFacts | undefined;
}

/** Geometry and pixel description of an image instance (DICOM PS3.3 C.7.6.2, C.7.6.3). */
export interface ImagePlane {
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  /** Distance between neighbouring columns (along a row, the i axis), mm. */
  readonly columnSpacingMm: number | undefined;
  /** Distance between neighbouring rows (down a column, the j axis), mm. */
  readonly rowSpacingMm: number | undefined;
  readonly sliceThicknessMm: number | undefined;
  /** LPS position (mm) of the centre of the first transmitted pixel. */
  readonly positionMm: Vec3 | undefined;
  /** Unit vectors of the row (i) and column (j) directions, LPS: six numbers. */
  readonly orientation: readonly [number, number, number, number, number, number] | undefined;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  /** 0 = unsigned, 1 = two's complement. */
  readonly pixelRepresentation: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string;
  readonly pixelData: PixelData;
}

/** The pixel bytes as stored: native (uncompressed) or one compressed byte string per frame. */
export type PixelData =
  | { readonly kind: 'native'; readonly bytes: Uint8Array }
  | { readonly kind: 'encapsulated'; readonly frames: readonly Uint8Array[] }
  | {
      /** Native little-endian pixel bytes not read yet: `read` fetches them when the volume is built. */
      readonly kind: 'deferred';
      /** Where the pixel bytes start in the file, and how many there are. */
      readonly fileOffset: number;
      readonly byteLength: number;
      readonly read: PixelReader;
    };

/**
 * Fills `into` with the file's bytes from `fileOffset` (exactly `into.length` of them), or throws
 * `DicomError`. Given by the edge that owns the file (cli/io), so this room does no I/O itself.
 */
export type PixelReader = (into: Uint8Array, fileOffset: number) => void;

/** PET acquisition facts of one instance (DICOM PS3.3 C.8.9.1 PET Series, C.8.9.2 Isotope). */
export interface PetInstanceFacts {
  /** Whether the RadiopharmaceuticalInformationSequence (0054,0016) has an item. */
  readonly hasRadiopharmaceuticalInformation: boolean;
  readonly units: string | undefined;
  readonly decayCorrection: string | undefined;
  readonly correctedImage: readonly string[];
  readonly suvType: string | undefined;
  readonly radiopharmaceutical: string | undefined;
  /** Code meaning (else value) of the radionuclide code, e.g. `^18^Fluorine`, `68Ga`. */
  readonly radionuclideText: string | undefined;
  readonly radionuclideCode: string | undefined;
  readonly injectedActivityBq: number | undefined;
  readonly halfLifeS: number | undefined;
  /** RadiopharmaceuticalStartDateTime, local clock seconds. */
  readonly injectionDateTimeS: number | undefined;
  /** RadiopharmaceuticalStartTime, seconds since midnight (date unknown). */
  readonly injectionTimeOfDayS: number | undefined;
  readonly weightKg: number | undefined;
  readonly heightM: number | undefined;
  readonly sex: string | undefined;
  /** SeriesDate + SeriesTime, local clock seconds. */
  readonly seriesDateTimeS: number | undefined;
  /** SeriesDate alone (midnight), for inferring the injection date. */
  readonly seriesDateS: number | undefined;
  /** AcquisitionDate (else SeriesDate) + AcquisitionTime, local clock seconds. */
  readonly acquisitionDateTimeS: number | undefined;
  readonly frameDurationMs: number | undefined;
  /** GE private (0009,xx0D) post-injection date-time, local clock seconds. */
  readonly gePostInjectionDateTimeS: number | undefined;
  /** Philips private (7053,xx00) SUV scale factor: SUVbw per rescaled stored value. */
  readonly philipsSuvScaleFactor: number | undefined;
  /** Philips private (7053,xx09): Bq/ml per rescaled stored value. */
  readonly philipsActivityScaleFactor: number | undefined;
}

/**
 * Who and which study an instance belongs to, as the file writes it (DICOM strings, unparsed: these
 * are copied into derived objects such as SEG and SR, never computed with). PS3.3 C.7.1.1, C.7.2.1.
 * Absent attributes are empty strings (they are type 2 in derived objects).
 */
export interface StudyIdentity {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyInstanceUid: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
}
