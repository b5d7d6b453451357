import { DicomError } from '../errors.ts';
import type { DicomFile } from '../write/types.ts';
import { type DeidOptions, deidentify } from './deidentify.ts';

/** What a de-identified export holds and what it left out: the record an audit log keeps. */
export interface DeidSummary {
  readonly pseudonym: string;
  readonly dateShiftDays: number;
  /** Files written (`<new SOPInstanceUID>.dcm`). */
  readonly fileCount: number;
  /** Input files that were not DICOM (not exported). */
  readonly skipped: readonly string[];
  /** Input files whose pixels may carry burned-in text: to be checked by a person before release. */
  readonly burnedInAnnotation: readonly string[];
  /** Tags of free-text attributes removed because they are not known to be harmless (for review). */
  readonly removedText: readonly string[];
}

/**
 * De-identifies every file of a study (see `deidentify`); files that are not DICOM are skipped and named.
 * Output files are named by their new SOP Instance UID, so no input path (which may carry a name) leaks.
 * Pure: bytes in, bytes out.
 * @throws DicomError 'empty-folder' when no input file is DICOM.
 */
export function deidentifyStudy(
  files: readonly DicomFile[],
  options: DeidOptions,
): { readonly files: readonly DicomFile[]; readonly summary: DeidSummary } {
  const out: DicomFile[] = [];
  const skipped: string[] = [];
  const flagged: string[] = [];
  const removed = new Set<string>();
  for (const file of files) {
    try {
      const result = deidentify(file.bytes, file.name, options);
      out.push({ name: `${result.sopInstanceUid}.dcm`, bytes: result.bytes });
      if (result.burnedInAnnotation) flagged.push(file.name);
      for (const tag of result.removedText) removed.add(tag);
    } catch (error) {
      if (error instanceof DicomError && error.code === 'not-dicom') skipped.push(file.name);
      else throw error;
    }
  }
  if (out.length === 0)
    throw new DicomError(
      'empty-folder',
      `no DICOM file to de-identify (${skipped.length} other files skipped)`,
    );
  return {
    files: out,
    summary: {
      pseudonym: options.pseudonym,
      dateShiftDays: options.dateShiftDays,
      fileCount: out.length,
      skipped,
      burnedInAnnotation: flagged,
      removedText: [...removed].sort(),
    },
  };
}
