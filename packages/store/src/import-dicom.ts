import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DbSchema } from '@cxcr4pet/db';
import { DicomError, readDicomInstance } from '@cxcr4pet/dicom';
import type { Kysely, Transaction } from 'kysely';
import { BlobBatch, sha256Hex } from './blob-store.ts';
import { StoreError } from './errors.ts';

/** One DICOM file found by a scan: where it is, its hash and the UIDs it is indexed by. */
export interface ScannedInstance {
  readonly path: string;
  /** Path relative to the folder imported (used in messages and stored as `source_name`). */
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly seriesDescription: string;
  readonly patientId: string | undefined;
}

/** How far an import has come: `scanning` reads and hashes every file, `storing` copies the new ones. */
export interface ImportProgress {
  readonly phase: 'scanning' | 'receiving' | 'storing' | 'indexing';
  readonly done: number;
  readonly total: number;
}

/** What an import did (also the job's stored result). */
export interface ImportSummary {
  readonly participantId: string;
  readonly folder: string;
  /** Instances new to the store (rows added). */
  readonly instancesAdded: number;
  /** Instances already stored with identical bytes (nothing changed). */
  readonly instancesAlreadyStored: number;
  readonly series: readonly {
    readonly seriesInstanceUid: string;
    readonly modality: string;
    readonly seriesDescription: string;
    readonly instances: number;
  }[];
  /** One line per file skipped (not DICOM). */
  readonly warnings: readonly string[];
}

async function listFiles(folder: string): Promise<readonly { path: string; name: string }[]> {
  const info = await stat(folder).catch(() => undefined);
  if (info === undefined) throw new StoreError('folder-not-found', `folder ${folder} does not exist`, folder);
  if (!info.isDirectory()) throw new StoreError('folder-not-found', `${folder} is not a folder`, folder);
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, name: relative(folder, path) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The index entry of one parsed instance (`path` and `name` say where it came from); an instance
 * without SOP or Series Instance UID is an error naming it.
 */
export function scannedOf(
  instance: ReturnType<typeof readDicomInstance>,
  from: { readonly path: string; readonly name: string },
  bytes: Uint8Array,
): ScannedInstance {
  if (instance.sopInstanceUid === '' || instance.seriesInstanceUid === '') {
    throw new DicomError('missing-attribute', `${from.name}: no SOP Instance UID or Series Instance UID`, {
      file: from.name,
    });
  }
  return {
    path: from.path,
    name: from.name,
    sha256: sha256Hex(bytes),
    sizeBytes: bytes.byteLength,
    sopInstanceUid: instance.sopInstanceUid,
    sopClassUid: instance.sopClassUid,
    studyInstanceUid: instance.study.studyInstanceUid,
    seriesInstanceUid: instance.seriesInstanceUid,
    modality: instance.modality,
    seriesDescription: instance.seriesDescription,
    patientId: instance.study.patientId === '' ? undefined : instance.study.patientId,
  };
}

/**
 * Reads and hashes every file under `folder` (one at a time: memory stays one file). Files that are not
 * DICOM Part 10 are skipped with a warning naming them; a damaged DICOM file, a file without SOP
 * Instance UID, or two files with one SOP Instance UID but different bytes throw, naming the files.
 */
export async function scanDicomFolder(
  folder: string,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<{ readonly instances: readonly ScannedInstance[]; readonly warnings: readonly string[] }> {
  const files = await listFiles(folder);
  const bySop = new Map<string, ScannedInstance>();
  const warnings: string[] = [];
  let done = 0;
  for (const file of files) {
    const bytes = await readFile(file.path);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let instance: ReturnType<typeof readDicomInstance>;
    try {
      instance = readDicomInstance(view, file.name);
    } catch (e) {
      if (e instanceof DicomError && e.code === 'not-dicom') {
        warnings.push(`skipped ${file.name}: not a DICOM file`);
        onProgress({ phase: 'scanning', done: ++done, total: files.length });
        continue;
      }
      throw e;
    }
    const scanned = scannedOf(instance, file, view);
    const twin = bySop.get(scanned.sopInstanceUid);
    if (twin !== undefined && twin.sha256 !== scanned.sha256) {
      throw new StoreError(
        'sop-conflict',
        `${file.name} and ${twin.name} have the same SOP Instance UID ${scanned.sopInstanceUid} but different contents`,
        scanned.sopInstanceUid,
      );
    }
    if (twin === undefined) bySop.set(scanned.sopInstanceUid, scanned);
    onProgress({ phase: 'scanning', done: ++done, total: files.length });
  }
  if (bySop.size === 0) {
    throw new StoreError(
      'no-dicom',
      `folder ${folder} has no DICOM files (${files.length} other file${files.length === 1 ? '' : 's'} skipped)`,
      folder,
    );
  }
  return { instances: [...bySop.values()], warnings };
}

/**
 * Splits the scanned instances into new ones and ones already stored with the same bytes. Throws when
 * the participant does not exist, or a SOP Instance UID is stored with other bytes or for another
 * participant (`sop-conflict`, `participant-conflict`): an import never replaces a stored instance.
 */
export async function partitionAgainstIndex(
  db: Kysely<DbSchema> | Transaction<DbSchema>,
  participantId: string,
  instances: readonly ScannedInstance[],
): Promise<{ readonly fresh: readonly ScannedInstance[]; readonly stored: readonly ScannedInstance[] }> {
  const participant = await db
    .selectFrom('participant')
    .select('participant_id')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  if (participant === undefined)
    throw new StoreError(
      'participant-not-found',
      `participant ${participantId} does not exist`,
      participantId,
    );
  const existing = new Map<string, { sha256: string; participant_id: string }>();
  for (let i = 0; i < instances.length; i += 1000) {
    const uids = instances.slice(i, i + 1000).map((s) => s.sopInstanceUid);
    const rows = await db
      .selectFrom('dicom_instance')
      .select(['sop_instance_uid', 'sha256', 'participant_id'])
      .where('sop_instance_uid', 'in', uids)
      .execute();
    for (const row of rows) existing.set(row.sop_instance_uid, row);
  }
  const fresh: ScannedInstance[] = [];
  const stored: ScannedInstance[] = [];
  for (const instance of instances) {
    const row = existing.get(instance.sopInstanceUid);
    if (row === undefined) fresh.push(instance);
    else if (row.sha256 !== instance.sha256)
      throw new StoreError(
        'sop-conflict',
        `${instance.name}: SOP Instance UID ${instance.sopInstanceUid} is already stored with different contents (sha256 ${row.sha256.slice(0, 12)}…, this file ${instance.sha256.slice(0, 12)}…)`,
        instance.sopInstanceUid,
      );
    else if (row.participant_id !== participantId)
      throw new StoreError(
        'participant-conflict',
        `${instance.name}: SOP Instance UID ${instance.sopInstanceUid} is already stored for participant ${row.participant_id}, not ${participantId}`,
        instance.sopInstanceUid,
      );
    else stored.push(instance);
  }
  return { fresh, stored };
}

/**
 * Copies the new files into the content-addressed store as one `BlobBatch`: each file is read again
 * and must still have the hash it was scanned with (`file-changed` otherwise: what is indexed is what
 * was checked), written to a temporary file, and all are fsynced together and renamed into place at
 * the end. A failure half-way removes the temporary files and leaves no blob behind.
 */
export async function storeFiles(
  dataDir: string,
  instances: readonly ScannedInstance[],
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<void> {
  const batch = new BlobBatch(dataDir);
  let done = 0;
  try {
    for (const instance of instances) {
      const bytes = await readFile(instance.path);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (sha256Hex(view) !== instance.sha256)
        throw new StoreError(
          'file-changed',
          `${instance.name} changed while it was being imported`,
          instance.path,
        );
      await batch.stage(view, instance.sha256);
      onProgress({ phase: 'storing', done: ++done, total: instances.length });
    }
    await batch.commit();
  } finally {
    await batch.discard();
  }
}

/** Inserts the index rows of `instances` (inside the caller's transaction, audited as creates). */
export async function indexInstances(
  trx: Transaction<DbSchema>,
  instances: readonly ScannedInstance[],
  context: { readonly participantId: string; readonly importedBy: string; readonly jobId: string | null },
): Promise<void> {
  for (let i = 0; i < instances.length; i += 500) {
    await trx
      .insertInto('dicom_instance')
      .values(
        instances.slice(i, i + 500).map((s) => ({
          sop_instance_uid: s.sopInstanceUid,
          sop_class_uid: s.sopClassUid,
          study_instance_uid: s.studyInstanceUid,
          series_instance_uid: s.seriesInstanceUid,
          modality: s.modality,
          series_description: s.seriesDescription,
          dicom_patient_id: s.patientId ?? null,
          participant_id: context.participantId,
          sha256: s.sha256,
          size_bytes: s.sizeBytes,
          source_name: s.name,
          imported_by: context.importedBy,
          job_id: context.jobId,
        })),
      )
      .execute();
  }
}

/** The per-series counts of an import summary. */
export function seriesOf(instances: readonly ScannedInstance[]): ImportSummary['series'] {
  const series = new Map<
    string,
    { seriesInstanceUid: string; modality: string; seriesDescription: string; instances: number }
  >();
  for (const s of instances) {
    const entry = series.get(s.seriesInstanceUid);
    if (entry === undefined)
      series.set(s.seriesInstanceUid, {
        seriesInstanceUid: s.seriesInstanceUid,
        modality: s.modality,
        seriesDescription: s.seriesDescription,
        instances: 1,
      });
    else entry.instances += 1;
  }
  return [...series.values()].sort((a, b) => (a.seriesInstanceUid < b.seriesInstanceUid ? -1 : 1));
}
