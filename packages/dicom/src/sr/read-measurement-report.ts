import { DicomError } from '../errors.ts';
import { codeOf, naturalise, sequenceItems } from '../seg/read-segmentation.ts';
import type { SuvKind } from '../suv/suv-kind.ts';
import type { CodedConcept } from '../write/radionuclides.ts';
import { SR_CODES, SUV_CONCEPTS, sameCode } from './sr-codes.ts';
import {
  COMPREHENSIVE_3D_SR_STORAGE,
  type LesionMeasurements,
  type ReferenceMeasurements,
} from './write-measurement-report.ts';

/** A lesion's measurement group read back from a TID 1500 report. */
export interface LesionMeasurementsRead extends LesionMeasurements {
  readonly trackingIdentifier: string;
  readonly trackingUid: string;
  /** The SEG the group refers to. */
  readonly segmentationSopInstanceUid: string;
  /** The PET series the segment was made on. */
  readonly sourceSeriesInstanceUid: string;
}

/** An organ reference group read back (Finding "Reference Region"). */
export interface ReferenceMeasurementsRead extends ReferenceMeasurements {
  readonly trackingIdentifier: string;
  readonly trackingUid: string;
  readonly segmentationSopInstanceUid: string;
  readonly sourceSeriesInstanceUid: string;
}

/**
 * What `readMeasurementReport` finds: the SUV kind of the SUV measurements, every lesion group and every
 * organ reference group.
 */
export interface MeasurementReportRead {
  readonly suvKind: SuvKind;
  readonly lesions: readonly LesionMeasurementsRead[];
  readonly references: readonly ReferenceMeasurementsRead[];
}

type Natural = Readonly<Record<string, unknown>>;

function children(item: Natural | undefined): readonly Natural[] {
  return sequenceItems(item, 'ContentSequence');
}

function nameOf(item: Natural): CodedConcept {
  return codeOf(item, 'ConceptNameCodeSequence');
}

/** The value of a NUM item: FloatingPointValue (exact) when present, else NumericValue (DS). */
function numericValue(item: Natural): number {
  const measured = sequenceItems(item, 'MeasuredValueSequence')[0];
  const value = measured?.FloatingPointValue ?? measured?.NumericValue;
  return Number(Array.isArray(value) ? value[0] : value);
}

/**
 * Reads the lesion measurement groups of a TID 1500 measurement report written by
 * `writeMeasurementReport` (or any report using the same concepts): SUVmax/mean/peak by their
 * Derivation, volume, and total lesion uptake (TLG or 99CXCR4 TLU); groups whose Finding is "Reference
 * Region" are organ references (Finding Site, SUVmean/SD/max/peak, volume).
 * @throws DicomError 'invalid-attribute' for a file that is not such a report or lacks a measurement.
 */
export function readMeasurementReport(bytes: Uint8Array, fileName = 'SR'): MeasurementReportRead {
  const dataset = naturalise(bytes, fileName);
  const bad = (attribute: string, reason: string): never => {
    throw new DicomError('invalid-attribute', `${fileName}: ${attribute} ${reason}`, {
      file: fileName,
      attribute,
    });
  };
  if (dataset.SOPClassUID !== COMPREHENSIVE_3D_SR_STORAGE)
    bad('SOPClassUID', `is ${String(dataset.SOPClassUID)}, not Comprehensive 3D SR`);
  const template = sequenceItems(dataset, 'ContentTemplateSequence')[0]?.TemplateIdentifier;
  if (template !== '1500') bad('ContentTemplateSequence', `names template ${String(template)}, not TID 1500`);
  const container = children(dataset).find((item) => sameCode(nameOf(item), SR_CODES.imagingMeasurements));
  const groups = children(container).filter((item) => sameCode(nameOf(item), SR_CODES.measurementGroup));
  let suvKind: SuvKind | undefined;
  const lesions: LesionMeasurementsRead[] = [];
  const references: ReferenceMeasurementsRead[] = [];
  for (const [g, group] of groups.entries()) {
    const items = children(group);
    const find = (code: CodedConcept, derivation?: CodedConcept): Natural | undefined =>
      items.find(
        (item) =>
          sameCode(nameOf(item), code) &&
          (derivation === undefined ||
            children(item).some((modifier) => sameCode(codeOf(modifier, 'ConceptCodeSequence'), derivation))),
      );
    const text = (code: CodedConcept, keyword: string): string => String(find(code)?.[keyword] ?? '');
    const kinds = Object.entries(SUV_CONCEPTS) as [SuvKind, (typeof SUV_CONCEPTS)[SuvKind]][];
    const kind = kinds.find(([, suv]) => items.some((item) => sameCode(nameOf(item), suv.name)))?.[0];
    if (kind === undefined) return bad('MeasurementGroup', `${g + 1} has no SUV measurement`);
    suvKind ??= kind;
    const suv = SUV_CONCEPTS[kind].name;
    const number = (item: Natural | undefined, what: string): number =>
      item === undefined ? bad('MeasurementGroup', `${g + 1} has no ${what}`) : numericValue(item);
    const segment = sequenceItems(find(SR_CODES.referencedSegment), 'ReferencedSOPSequence')[0];
    const common = {
      trackingIdentifier: text(SR_CODES.trackingIdentifier, 'TextValue'),
      trackingUid: text(SR_CODES.trackingUid, 'UID'),
      segmentNumber: Number(segment?.ReferencedSegmentNumber),
      segmentationSopInstanceUid: String(segment?.ReferencedSOPInstanceUID ?? ''),
      sourceSeriesInstanceUid: text(SR_CODES.sourceSeriesForSegmentation, 'UID'),
      suvMax: number(find(suv, SR_CODES.maximum), 'SUVmax'),
      suvMean: number(find(suv, SR_CODES.mean), 'SUVmean'),
      suvPeak: number(find(suv, SR_CODES.peak), 'SUVpeak'),
      volumeMl: number(find(SR_CODES.volume), 'volume'),
    };
    const finding = find(SR_CODES.finding);
    if (finding !== undefined && sameCode(codeOf(finding, 'ConceptCodeSequence'), SR_CODES.referenceRegion)) {
      const site = find(SR_CODES.findingSite);
      if (site === undefined)
        return bad('MeasurementGroup', `${g + 1} is a reference region without a Finding Site`);
      const prefix = 'Reference ';
      references.push({
        ...common,
        name: common.trackingIdentifier.startsWith(prefix)
          ? common.trackingIdentifier.slice(prefix.length)
          : common.trackingIdentifier,
        site: codeOf(site, 'ConceptCodeSequence'),
        suvSd: number(find(suv, SR_CODES.standardDeviation), 'SUV standard deviation'),
      });
      continue;
    }
    lesions.push({
      ...common,
      totalLesionUptake: number(
        find(SR_CODES.totalLesionGlycolysis) ?? find(SR_CODES.totalLesionUptake),
        'total lesion uptake',
      ),
    });
  }
  return { suvKind: suvKind ?? 'bw', lesions, references };
}
