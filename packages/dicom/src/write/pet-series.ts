import type { DcmjsDict } from 'dcmjs';
import { DicomError } from '../errors.ts';
import { commonSliceModules, sliceValues } from './common-modules.ts';
import { formatDs, secondsBetween, toDicomDateTime, toDicomTime } from './dicom-values.ts';
import { encodeDataset } from './encode.ts';
import { int16LittleEndian, quantiseSlice } from './quantise.ts';
import { POSITRON_FRACTION, RADIONUCLIDES } from './radionuclides.ts';
import type { DicomFile, PetSeriesInput } from './types.ts';
import { deriveUid } from './uid.ts';

/** PET Image Storage (PS3.4 B.5). */
export const PET_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.128';

/** Philips private creator of group 7053, as Philips PET/CT systems write it. */
export const PHILIPS_PET_PRIVATE_CREATOR = 'Philips PET Private Group';

/**
 * Encodes a PET volume as a single-frame PET Image Storage series, one file per slice
 * (PS3.3 A.21: Patient, General Study, Patient Study, General Series, PET Series, PET Isotope,
 * NM/PET Patient Orientation, Frame of Reference, General Equipment, General Acquisition,
 * General Image, Image Plane, Image Pixel, PET Image, SOP Common). Each slice is stored as 16-bit
 * signed integers with its own RescaleSlope (intercept 0), as scanners do, so the value read back
 * is within slope / 2 of the value given (see `quantiseSlice`).
 *
 * Files are named `PT-NNNN.dcm` by InstanceNumber, which counts from the head (highest k) down,
 * so neither file names nor instance numbers follow k: a reader must sort by position.
 * SOP instance UIDs derive from the series UID, so equal input gives equal bytes.
 * @throws DicomError 'write-failed' for an input that cannot be encoded (named in the message).
 */
export function writePetSeries(input: PetSeriesInput): readonly DicomFile[] {
  validate(input);
  const { values, radiopharmaceutical: rp, series } = input;
  const nz = values.dims[2];
  const lambdaPerS = Math.LN2 / rp.halfLifeS;
  const acquisitionOffsetS = secondsBetween(series.seriesDateTime, series.acquisitionDateTime);
  const sinceInjectionS = secondsBetween(rp.injectionDateTime, series.acquisitionDateTime);
  // DecayFactor (0054,1321): the factor that corrected this frame to the DecayCorrection reference
  // (decay within the frame is not modelled: the phantom has no dynamic frames).
  const decayFactor =
    input.decayCorrection === 'ADMIN'
      ? Math.exp(lambdaPerS * sinceInjectionS)
      : input.decayCorrection === 'START'
        ? Math.exp(lambdaPerS * acquisitionOffsetS)
        : undefined;
  const isotope = isotopeModule(input);
  const files: DicomFile[] = [];
  for (let k = 0; k < nz; k++) {
    const instanceNumber = nz - k;
    const name = `PT-${String(instanceNumber).padStart(4, '0')}.dcm`;
    const { stored, slopeDs } = quantiseSlice(sliceValues(values.data, values, k));
    const dataset: Record<string, unknown> = {
      ...commonSliceModules({
        sopClassUid: PET_IMAGE_STORAGE,
        sopInstanceUid: deriveUid(series.seriesInstanceUid, 'instance', instanceNumber),
        modality: 'PT',
        patient: input.patient,
        study: input.study,
        series,
        grid: values,
        k,
        instanceNumber,
      }),
      ImageType: ['ORIGINAL', 'PRIMARY'],
      // PET Series (C.8.9.1)
      Units: input.units,
      CountsSource: 'EMISSION',
      SeriesType: ['WHOLE BODY', 'IMAGE'],
      NumberOfSlices: nz,
      CorrectedImage:
        input.decayCorrection === 'NONE'
          ? ['ATTN', 'SCAT', 'DTIM', 'RAN', 'NORM']
          : ['DECY', 'ATTN', 'SCAT', 'DTIM', 'RAN', 'NORM'],
      DecayCorrection: input.decayCorrection,
      ReconstructionMethod: 'OSEM',
      CollimatorType: 'NONE',
      RandomsCorrectionMethod: 'DLYD',
      AttenuationCorrectionMethod: 'CT-based',
      ScatterCorrectionMethod: 'model-based',
      AxialAcceptance: formatDs(27),
      // PET Isotope (C.8.9.2) and NM/PET Patient Orientation (C.8.4.6)
      ...isotope,
      PatientOrientationCodeSequence: [
        {
          CodeValue: 'F-10450',
          CodingSchemeDesignator: 'SRT',
          CodeMeaning: 'recumbent',
          PatientOrientationModifierCodeSequence: [
            { CodeValue: 'F-10340', CodingSchemeDesignator: 'SRT', CodeMeaning: 'supine' },
          ],
        },
      ],
      PatientGantryRelationshipCodeSequence: [
        { CodeValue: 'F-10470', CodingSchemeDesignator: 'SRT', CodeMeaning: 'headfirst' },
      ],
      // PET Image (C.8.9.4)
      RescaleIntercept: '0',
      RescaleSlope: slopeDs,
      FrameReferenceTime: formatDs(acquisitionOffsetS * 1000),
      ActualFrameDuration: String(Math.round(input.frameDurationS * 1000)),
      ImageIndex: k + 1,
      ...(decayFactor === undefined ? {} : { DecayFactor: formatDs(decayFactor) }),
      DoseCalibrationFactor: '1',
      LossyImageCompression: '00',
      PixelData: [int16LittleEndian(stored)],
      _vrMap: { PixelData: 'OW' },
    };
    files.push({ name, bytes: encodeDataset(name, dataset, philipsElements(input)) });
  }
  return files;
}

function isotopeModule(input: PetSeriesInput): Record<string, unknown> {
  const rp = input.radiopharmaceutical;
  const nuclide = RADIONUCLIDES[rp.radionuclide];
  const item: Record<string, unknown> = {
    RadionuclideCodeSequence: [
      {
        CodeValue: nuclide.code.codeValue,
        CodingSchemeDesignator: nuclide.code.codingSchemeDesignator,
        CodeMeaning: nuclide.code.codeMeaning,
      },
    ],
    Radiopharmaceutical: rp.name,
    RadiopharmaceuticalStartTime: toDicomTime(rp.injectionDateTime),
    RadionuclideTotalDose: formatDs(rp.injectedActivityBq),
    RadionuclideHalfLife: formatDs(rp.halfLifeS),
    RadionuclidePositronFraction: formatDs(POSITRON_FRACTION[rp.radionuclide]),
  };
  if (rp.writeStartDateTime) item.RadiopharmaceuticalStartDateTime = toDicomDateTime(rp.injectionDateTime);
  return { RadiopharmaceuticalInformationSequence: [item] };
}

function philipsElements(input: PetSeriesInput): DcmjsDict {
  if (input.units !== 'CNTS' || input.philips === undefined) return {};
  const elements: DcmjsDict = { '70530010': { vr: 'LO', Value: [PHILIPS_PET_PRIVATE_CREATOR] } };
  const { suvScaleFactor, activityConcentrationScaleFactor } = input.philips;
  if (suvScaleFactor !== undefined) elements['70531000'] = { vr: 'DS', Value: [formatDs(suvScaleFactor)] };
  if (activityConcentrationScaleFactor !== undefined)
    elements['70531009'] = { vr: 'DS', Value: [formatDs(activityConcentrationScaleFactor)] };
  return elements;
}

function validate(input: PetSeriesInput): void {
  const fail = (attribute: string, reason: string): never => {
    throw new DicomError('write-failed', `cannot write PET series: ${attribute} ${reason}`, { attribute });
  };
  const [nx, ny, nz] = input.values.dims;
  if (input.values.data.length !== nx * ny * nz)
    fail('PixelData', `has ${input.values.data.length} values for ${nx}×${ny}×${nz}`);
  if (nz < 1 || nx < 1 || ny < 1) fail('NumberOfSlices', 'must be at least 1');
  for (const v of input.values.data) if (!Number.isFinite(v)) fail('PixelData', 'holds a non-finite value');
  const rp = input.radiopharmaceutical;
  if (!(rp.injectedActivityBq > 0))
    fail('RadionuclideTotalDose', `must be positive, got ${rp.injectedActivityBq}`);
  if (!(rp.halfLifeS > 0)) fail('RadionuclideHalfLife', `must be positive, got ${rp.halfLifeS}`);
  if (input.units === 'CNTS') {
    const p = input.philips;
    if (p?.suvScaleFactor === undefined && p?.activityConcentrationScaleFactor === undefined)
      fail('Units', 'CNTS needs a Philips SUV or activity concentration scale factor');
  }
}
