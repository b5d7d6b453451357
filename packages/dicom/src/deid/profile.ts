/**
 * The de-identification rules: PS3.15 Annex E Table E.1-1 (Basic Application Level Confidentiality
 * Profile) with the Retain Longitudinal Temporal Information with Modified Dates, Retain Patient
 * Characteristics and Clean Descriptors options, restated as rules over value representations plus a
 * table of the attributes whose action differs from their VR's rule. Written here because no npm package
 * carries the table with its options: dcmjs's `anonymizer.cleanTags` empties a fixed CTP list at the top
 * level only (it empties PatientWeight and PatientSex, which SUV needs, and never enters sequences).
 *
 * Rules by VR (applied at every depth, in every sequence item):
 * - PN: emptied (Z), except PatientName, which becomes the participant's pseudonym.
 * - DA, DT: shifted by the participant's whole-day offset (the Modified Dates option); TM is kept.
 * - UI: remapped to a keyed hash (consistent across files), except DICOM-defined UIDs (1.2.840.10008.*)
 *   and the class/scheme UIDs listed in `KEPT_UIDS`.
 * - LO, SH, ST, LT, UT, UC, UR, AE, OB/UN of unknown meaning: removed unless the attribute is in
 *   `KEPT_TEXT` (known not to identify) or `CLEANED_TEXT` (descriptors, cleaned of identifying values).
 * - Numbers, code strings (CS), ages (AS), times (TM) and pixel data: kept.
 * - Private attributes: removed, except `PRIVATE_WHITELIST`; overlays (60xx) and curves (50xx): removed.
 */

/** What happens to one attribute. */
export type DeidAction = 'remove' | 'empty' | 'keep' | 'clean' | 'dummy' | 'pseudonym-name' | 'pseudonym-id';

/** Attributes whose action is not their VR's default (tag `GGGGEEEE` → action), with their keyword. */
export const ATTRIBUTE_ACTIONS: Readonly<Record<string, readonly [DeidAction, string]>> = {
  '00100010': ['pseudonym-name', 'PatientName'],
  '00100020': ['pseudonym-id', 'PatientID'],
  '00100030': ['empty', 'PatientBirthDate'],
  '00100032': ['remove', 'PatientBirthTime'],
  '00080050': ['empty', 'AccessionNumber'],
  '00200010': ['empty', 'StudyID'],
  '00181000': ['dummy', 'DeviceSerialNumber'],
  // Sequences that identify people, requests or other studies (E.1-1 action X), removed whole.
  '00081110': ['remove', 'ReferencedStudySequence'],
  '00081120': ['remove', 'ReferencedPatientSequence'],
  '00101002': ['remove', 'OtherPatientIDsSequence'],
  '00400275': ['remove', 'RequestAttributesSequence'],
  '00321064': ['remove', 'RequestedProcedureCodeSequence'],
  '00081084': ['remove', 'AdmittingDiagnosesCodeSequence'],
  '00080082': ['remove', 'InstitutionCodeSequence'],
  '00080096': ['remove', 'ReferringPhysicianIdentificationSequence'],
  '00081049': ['remove', 'PhysiciansOfRecordIdentificationSequence'],
  '00081052': ['remove', 'PerformingPhysicianIdentificationSequence'],
  '00081062': ['remove', 'PhysiciansReadingStudyIdentificationSequence'],
  '00401101': ['remove', 'PersonIdentificationCodeSequence'],
  '0040A07A': ['remove', 'ParticipantSequence'],
  '00880200': ['remove', 'IconImageSequence'],
  '04000500': ['remove', 'EncryptedAttributesSequence'],
  '04000561': ['remove', 'OriginalAttributesSequence'],
  '4FFE0001': ['remove', 'MACParametersSequence'],
  FFFAFFFA: ['remove', 'DigitalSignaturesSequence'],
  '00020016': ['remove', 'SourceApplicationEntityTitle'],
  // Type 2 in the SR Document General module: kept present, emptied.
  '00081111': ['empty', 'ReferencedPerformedProcedureStepSequence'],
};

/** Free-text attributes kept as they are: they describe equipment, coding and reconstruction, not people. */
export const KEPT_TEXT: ReadonlySet<string> = new Set([
  '00080070', // Manufacturer
  '00081090', // ManufacturerModelName
  '00181020', // SoftwareVersions
  '00180031', // Radiopharmaceutical
  '00080100', // CodeValue
  '00080102', // CodingSchemeDesignator
  '00080103', // CodingSchemeVersion
  '00080104', // CodeMeaning
  '00080119', // LongCodeValue
  '00080105', // MappingResource
  '00080115', // CodingSchemeName
  '00080116', // CodingSchemeResponsibleOrganization
  '00541103', // ReconstructionMethod
  '00541101', // AttenuationCorrectionMethod
  '00541105', // ScatterCorrectionMethod
  '00181210', // ConvolutionKernel
  '00181160', // FilterType
  '00281054', // RescaleType
  '00281055', // WindowCenterWidthExplanation
  '00201040', // PositionReferenceIndicator
  '00209421', // DimensionDescriptionLabel
  '00620005', // SegmentLabel
  '00620009', // SegmentAlgorithmName
  '0040DB00', // TemplateIdentifier
  '00120062', // PatientIdentityRemoved
  '00120063', // DeidentificationMethod
]);

/** Descriptors cleaned (Clean Descriptors option): identifying values found in the file are cut out. */
export const CLEANED_TEXT: ReadonlySet<string> = new Set([
  '00081030', // StudyDescription
  '0008103E', // SeriesDescription
  '00181030', // ProtocolName
  '00204000', // ImageComments
  '00082111', // DerivationDescription
  '00400254', // PerformedProcedureStepDescription
  '00321060', // RequestedProcedureDescription
  '00700081', // ContentDescription
  '00620006', // SegmentDescription
  '00181400', // AcquisitionDeviceProcessingDescription
  '0040A160', // TextValue (SR)
  '00620020', // TrackingIdentifier
]);

/** UIDs that name classes, schemes and software (not instances): never remapped. */
export const KEPT_UIDS: ReadonlySet<string> = new Set([
  '00020002', // MediaStorageSOPClassUID
  '00020010', // TransferSyntaxUID
  '00020012', // ImplementationClassUID
  '00080016', // SOPClassUID
  '00081150', // ReferencedSOPClassUID
  '0008010C', // CodingSchemeUID
  '00080118', // MappingResourceUID
  '0008010D', // ContextGroupExtensionCreatorUID
  '0008001A', // RelatedGeneralSOPClassUID
  '0008001B', // OriginalSpecializedSOPClassUID
  '00041510', // ReferencedSOPClassUIDInFile
]);

/**
 * Private attributes kept: the Philips PET scale factors the SUV code needs (group 7053, creator
 * "Philips PET Private Group": element xx00 SUV scale factor, xx09 activity concentration scale factor).
 * Numbers only, so nothing in them can identify the patient.
 */
export const PRIVATE_WHITELIST: readonly { group: string; creator: string; elements: readonly string[] }[] = [
  { group: '7053', creator: 'Philips PET Private Group', elements: ['00', '09'] },
];

/** Value representations that carry free text (the ones removed unless listed). */
export const TEXT_VRS: ReadonlySet<string> = new Set(['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'UR', 'AE']);

/**
 * DICOM codes of the profile and options applied (PS3.16 CID 7050), for DeidentificationMethodCodeSequence.
 */
export const DEID_METHOD_CODES = [
  {
    CodeValue: '113100',
    CodingSchemeDesignator: 'DCM',
    CodeMeaning: 'Basic Application Confidentiality Profile',
  },
  { CodeValue: '113105', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Clean Descriptors Option' },
  {
    CodeValue: '113107',
    CodingSchemeDesignator: 'DCM',
    CodeMeaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  {
    CodeValue: '113108',
    CodingSchemeDesignator: 'DCM',
    CodeMeaning: 'Retain Patient Characteristics Option',
  },
] as const;
