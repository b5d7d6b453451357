import dcmjs, { type SrContent } from 'dcmjs';
import { DicomError } from '../errors.ts';
import { type SourceSeries, studyModules } from '../read/source-series.ts';
import type { DerivedSeriesFacts } from '../seg/types.ts';
import { SEGMENTATION_STORAGE } from '../seg/write-segmentation.ts';
import type { SuvKind } from '../suv/suv-kind.ts';
import { toDicomDate, toDicomTime } from '../write/dicom-values.ts';
import { encodeDataset } from '../write/encode.ts';
import type { CodedConcept } from '../write/radionuclides.ts';
import type { DicomFile } from '../write/types.ts';
import { deriveUid } from '../write/uid.ts';
import { SR_CODES, SUV_CONCEPTS } from './sr-codes.ts';

/** Comprehensive 3D SR Storage (PS3.4 B.5), the SOP class dcmjs's document writes. */
export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';

/** The measurement fields of a lesion (drops anything else the object carries). */
export function lesionMeasurements(lesion: LesionMeasurements): LesionMeasurements {
  const { segmentNumber, suvMax, suvMean, suvPeak, volumeMl, totalLesionUptake } = lesion;
  return { segmentNumber, suvMax, suvMean, suvPeak, volumeMl, totalLesionUptake };
}

/** One lesion's measurements as the report carries them (the `cxcr4pet analyze` lesion fields). */
export interface LesionMeasurements {
  /** SegmentNumber of the lesion in the SEG the report refers to. */
  readonly segmentNumber: number;
  readonly suvMax: number;
  readonly suvMean: number;
  readonly suvPeak: number;
  readonly volumeMl: number;
  /** SUVmean × volumeMl (TLG for FDG), in g (SUV in g/ml × ml). */
  readonly totalLesionUptake: number;
}

/**
 * One organ reference region (liver, blood pool, spleen, marrow …) as the report carries it: the
 * background that target-to-background ratios divide by, so a reader can check them.
 */
export interface ReferenceMeasurements {
  /** SegmentNumber of the region in the SEG the report refers to. */
  readonly segmentNumber: number;
  /** A short name for the tracking identifier (`liver`, `blood-pool` …). */
  readonly name: string;
  /** The organ (Finding Site), a SNOMED CT body structure (the SEG's segment type). */
  readonly site: CodedConcept;
  readonly suvMean: number;
  readonly suvSd: number;
  readonly suvMax: number;
  readonly suvPeak: number;
  readonly volumeMl: number;
}

/** Everything `writeMeasurementReport` needs. */
export interface MeasurementReportInput {
  readonly source: SourceSeries;
  /** The SEG whose segments the measurement groups refer to (same study). */
  readonly segmentation: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  readonly suvKind: SuvKind;
  /** FDG: total lesion uptake is coded as Total Lesion Glycolysis (DCM 126033); else 99CXCR4 TLU. */
  readonly isFdg: boolean;
  readonly lesions: readonly LesionMeasurements[];
  /** Organ reference regions, each a measurement group after the lesions' (none when omitted). */
  readonly references?: readonly ReferenceMeasurements[] | undefined;
  /** Algorithm Identification (TID 4019): name, version and parameters (segmentation method …). */
  readonly algorithm: {
    readonly name: string;
    readonly version: string;
    readonly parameters: readonly string[];
  };
  readonly series: DerivedSeriesFacts;
}

dcmjs.log.setLevel('error');
const SrConcept = dcmjs.sr.coding.CodedConcept;
const V = dcmjs.sr.valueTypes;
const T = dcmjs.sr.templates;
const REL = V.RelationshipTypes;

function concept(code: CodedConcept): InstanceType<typeof SrConcept> {
  return new SrConcept({
    value: code.codeValue,
    schemeDesignator: code.codingSchemeDesignator,
    meaning: code.codeMeaning,
  });
}

/**
 * A TID 300 measurement: a NUM content item with its unit and a Derivation (CID 7464) modifier. dcmjs
 * has a `Measurement` template, but in 0.52 it rejects every TrackingIdentifier it is given (an inverted
 * type check), so the item is built from dcmjs's content items. `FloatingPointValue` (FD) carries the
 * double exactly; `NumericValue` (DS) is its 16-character decimal form.
 */
function measurement(
  name: CodedConcept,
  value: number,
  unit: CodedConcept,
  derivation?: CodedConcept,
): SrContent {
  const item = new V.NumContentItem({
    name: concept(name),
    value,
    unit: concept(unit),
    relationshipType: REL.CONTAINS,
  });
  if (!Number.isInteger(value))
    item.MeasuredValueSequence = [
      { ...(item.MeasuredValueSequence as SrContent[])[0], FloatingPointValue: value },
    ];
  if (derivation !== undefined)
    item.ContentSequence = [
      new V.CodeContentItem({
        name: concept(SR_CODES.derivation),
        value: concept(derivation),
        relationshipType: REL.HAS_CONCEPT_MOD,
      }),
    ];
  return item;
}

/**
 * A TID 1411 Volumetric ROI measurement group, built from dcmjs content items: dcmjs's
 * `VolumetricROIMeasurementsAndQualitativeEvaluations` template requires its tracking identifier items to
 * be coded concepts (never true) and its `ReferencedSegmentation` drops the SOP UIDs (a misspelt option).
 * `findings` are the Finding (and Finding Site) items, `measurements` the NUM items.
 */
function measurementGroup(
  input: MeasurementReportInput,
  tracking: { readonly key: string; readonly identifier: string },
  segmentNumber: number,
  findings: readonly SrContent[],
  measurements: readonly SrContent[],
): SrContent {
  const trackingItems = new T.TrackingIdentifier({
    uid: deriveUid(input.series.sopInstanceUid, tracking.key, segmentNumber),
    identifier: tracking.identifier,
  });
  const segment = new V.ImageContentItem({
    name: concept(SR_CODES.referencedSegment),
    referencedSOPClassUID: SEGMENTATION_STORAGE,
    referencedSOPInstanceUID: input.segmentation.sopInstanceUid,
    relationshipType: REL.CONTAINS,
  });
  segment.ReferencedSOPSequence = [
    { ...(segment.ReferencedSOPSequence as SrContent[])[0], ReferencedSegmentNumber: segmentNumber },
  ];
  const group = new V.ContainerContentItem({
    name: concept(SR_CODES.measurementGroup),
    relationshipType: REL.CONTAINS,
    templateID: '1411',
  });
  group.ContentSequence = [
    ...trackingItems,
    ...findings,
    segment,
    new V.UIDRefContentItem({
      name: concept(SR_CODES.sourceSeriesForSegmentation),
      value: input.source.seriesInstanceUid,
      relationshipType: REL.CONTAINS,
    }),
    ...new T.AlgorithmIdentification({
      name: input.algorithm.name,
      version: input.algorithm.version,
      parameters: [...input.algorithm.parameters],
    }),
    ...measurements,
  ];
  return group;
}

function codeItem(name: CodedConcept, value: CodedConcept): SrContent {
  return new V.CodeContentItem({
    name: concept(name),
    value: concept(value),
    relationshipType: REL.CONTAINS,
  });
}

function lesionGroup(input: MeasurementReportInput, lesion: LesionMeasurements): SrContent {
  const suv = SUV_CONCEPTS[input.suvKind];
  return measurementGroup(
    input,
    { key: 'lesion', identifier: `Lesion ${lesion.segmentNumber}` },
    lesion.segmentNumber,
    [codeItem(SR_CODES.finding, SR_CODES.lesion)],
    [
      measurement(suv.name, lesion.suvMax, suv.unit, SR_CODES.maximum),
      measurement(suv.name, lesion.suvMean, suv.unit, SR_CODES.mean),
      measurement(suv.name, lesion.suvPeak, suv.unit, SR_CODES.peak),
      measurement(SR_CODES.volume, lesion.volumeMl, SR_CODES.milliliter),
      measurement(
        input.isFdg ? SR_CODES.totalLesionGlycolysis : SR_CODES.totalLesionUptake,
        lesion.totalLesionUptake,
        SR_CODES.gram,
      ),
    ],
  );
}

/** An organ reference: Finding "Reference Region" at its Finding Site, with SUVmean/SD/max/peak and volume. */
function referenceGroup(input: MeasurementReportInput, reference: ReferenceMeasurements): SrContent {
  const suv = SUV_CONCEPTS[input.suvKind];
  return measurementGroup(
    input,
    { key: 'reference', identifier: `Reference ${reference.name}` },
    reference.segmentNumber,
    [codeItem(SR_CODES.finding, SR_CODES.referenceRegion), codeItem(SR_CODES.findingSite, reference.site)],
    [
      measurement(suv.name, reference.suvMean, suv.unit, SR_CODES.mean),
      measurement(suv.name, reference.suvSd, suv.unit, SR_CODES.standardDeviation),
      measurement(suv.name, reference.suvMax, suv.unit, SR_CODES.maximum),
      measurement(suv.name, reference.suvPeak, suv.unit, SR_CODES.peak),
      measurement(SR_CODES.volume, reference.volumeMl, SR_CODES.milliliter),
    ],
  );
}

/**
 * Encodes the lesion measurements as a DICOM SR "Imaging Measurement Report" (PS3.16 TID 1500) in a
 * Comprehensive 3D SR document, with dcmjs's MeasurementReport template and Comprehensive3DSR document:
 * one measurement group per lesion (TID 1411) with SUVmax, SUVmean, SUVpeak (CID 7180 SUV with its UCUM
 * unit), volume and total lesion uptake, then one per organ reference region (SUVmean, SD, max, peak and
 * volume), each referring to its segment in the SEG and the PET series.
 * Evidence (Pertinent Other Evidence) lists every PET slice and the SEG. Pure: bytes out.
 * @throws DicomError 'write-failed' when a value is not finite.
 */
export function writeMeasurementReport(input: MeasurementReportInput): DicomFile {
  const name = 'SR.dcm';
  const checked: [string, object][] = [
    ...input.lesions.map((l): [string, object] => [`lesion ${l.segmentNumber}`, l]),
    ...(input.references ?? []).map((r): [string, object] => [`reference ${r.name}`, r]),
  ];
  for (const [what, values] of checked)
    for (const [field, value] of Object.entries(values))
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new DicomError('write-failed', `cannot write SR: ${what} ${field} is ${value}`, {
          attribute: field,
        });
  const { source, series } = input;
  const study = source.study;
  try {
    const observer = new T.ObserverContext({
      observerType: concept(SR_CODES.deviceObserver),
      observerIdentifyingAttributes: new T.DeviceObserverIdentifyingAttributes({
        uid: deriveUid('cxcr4pet', 'device-observer'),
        manufacturerName: 'cxcr4pet',
        modelName: 'cxcr4pet',
      }),
    });
    const report = new T.MeasurementReport({
      languageOfContentItemAndDescendants: new T.LanguageOfContentItemAndDescendants({}),
      observationContext: new T.ObservationContext({ observerPersonContext: observer }),
      procedureReported: concept(SR_CODES.procedurePetWholeBody),
      imagingMeasurements: [
        ...input.lesions.map((lesion) => lesionGroup(input, lesion)),
        ...(input.references ?? []).map((reference) => referenceGroup(input, reference)),
      ],
    });
    const studyAttributes = studyModules(study);
    const evidence = [
      ...source.slices.map((slice) => ({
        ...studyAttributes,
        SeriesInstanceUID: source.seriesInstanceUid,
        SOPClassUID: slice.sopClassUid,
        SOPInstanceUID: slice.sopInstanceUid,
      })),
      {
        StudyInstanceUID: study.studyInstanceUid,
        SeriesInstanceUID: input.segmentation.seriesInstanceUid,
        SOPClassUID: SEGMENTATION_STORAGE,
        SOPInstanceUID: input.segmentation.sopInstanceUid,
      },
    ];
    const document = new dcmjs.sr.documents.Comprehensive3DSR({
      content: (report as SrContent[])[0],
      evidence,
      seriesInstanceUID: series.seriesInstanceUid,
      seriesNumber: String(series.seriesNumber),
      seriesDescription: series.description,
      sopInstanceUID: series.sopInstanceUid,
      instanceNumber: '1',
      manufacturer: 'cxcr4pet',
      isComplete: true,
      isVerified: false,
      isFinal: false,
    });
    const dataset: Record<string, unknown> = {
      SpecificCharacterSet: 'ISO_IR 100',
      ...document,
      ...studyAttributes,
      // dcmjs stamps the current time; the report's own time keeps equal input → equal bytes.
      ContentDate: toDicomDate(series.contentDateTime),
      ContentTime: toDicomTime(series.contentDateTime),
      SeriesDate: toDicomDate(series.contentDateTime),
      SeriesTime: toDicomTime(series.contentDateTime),
      SoftwareVersions: series.softwareVersion,
      // The local coding scheme of total lesion uptake, identified as PS3.3 C.12.1.1.5 asks.
      ...(input.isFdg
        ? {}
        : {
            CodingSchemeIdentificationSequence: [
              {
                CodingSchemeDesignator: SR_CODES.totalLesionUptake.codingSchemeDesignator,
                CodingSchemeName: 'cxcr4pet local codes',
                CodingSchemeResponsibleOrganization: 'cxcr4pet',
              },
            ],
          }),
    };
    return { name, bytes: encodeDataset(name, dataset) };
  } catch (error) {
    if (error instanceof DicomError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('write-failed', `cannot write SR: ${reason}`);
  }
}
