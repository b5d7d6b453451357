import { DicomError, readDicomInstance } from '@cxcr4pet/dicom';
import { BlobBatch } from './blob-store.ts';
import { StoreError } from './errors.ts';
import {
  type ImportProgress,
  type ImportSummary,
  partitionAgainstIndex,
  type ScannedInstance,
  scannedOf,
} from './import-dicom.ts';
import { commitIndex, type ImportCommit } from './import-job.ts';
import type { Store } from './open-store.ts';

/** One DICOM instance arriving from a network source: a name for messages and its Part 10 bytes. */
export interface IncomingInstance {
  /** Names the instance in messages and is stored as `source_name` (e.g. `<node>/<SOP Instance UID>`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What `importInstances` imports, for whom, and where the instances come from. */
export interface InstancesImportRequest {
  readonly participantId: string;
  /** Who imports (the actor of the audited index rows). */
  readonly actor: string;
  readonly jobId: string | null;
  /** Where the instances come from (the summary's `folder` field, e.g. `pacs:<node id>`). */
  readonly source: string;
}

/** Staged files written at once while instances stream in (the network and the disk overlap). */
const STAGING_IN_FLIGHT = 8;

/**
 * Imports DICOM instances as they stream in (a PACS retrieval) for one participant, without a folder
 * in between: each is parsed, hashed and written to a temporary file as it arrives; when the stream
 * ends the instances are checked against the index (`sop-conflict`, `participant-conflict` as for a
 * folder), the new blobs made durable in one batch (`BlobBatch`: concurrent fsyncs) and every new
 * instance indexed in one transaction (`commit`; by default audited as `request.actor`). All or
 * nothing: a failure anywhere — a damaged instance, a broken stream, a conflict — removes the staged
 * files and leaves the store and its index as they were. Idempotent by SOP Instance UID.
 */
export async function importInstances(
  store: Store,
  request: InstancesImportRequest,
  instances: AsyncIterable<IncomingInstance>,
  options: {
    readonly onProgress?: (progress: ImportProgress) => void;
    readonly commit?: ImportCommit;
    /** Instances expected (for progress); unknown: the count so far. */
    readonly expected?: number;
  } = {},
): Promise<ImportSummary> {
  const { participantId } = request;
  const report = options.onProgress ?? (() => {});
  const db = store.db.kysely;
  const batch = new BlobBatch(store.dataDir);
  const bySop = new Map<string, ScannedInstance>();
  try {
    // Before anything is received: an unknown participant is refused at once.
    await partitionAgainstIndex(db, participantId, []);
    const writing = new Set<Promise<void>>();
    let received = 0;
    for await (const incoming of instances) {
      const scanned = scanIncoming(incoming);
      const twin = bySop.get(scanned.sopInstanceUid);
      if (twin !== undefined && twin.sha256 !== scanned.sha256)
        throw new StoreError(
          'sop-conflict',
          `${scanned.name} and ${twin.name} have the same SOP Instance UID ${scanned.sopInstanceUid} but different contents`,
          scanned.sopInstanceUid,
        );
      if (twin === undefined) bySop.set(scanned.sopInstanceUid, scanned);
      const write = batch.stage(incoming.bytes, scanned.sha256).then(() => {
        writing.delete(write);
        received++;
        report({ phase: 'receiving', done: received, total: Math.max(options.expected ?? 0, received) });
      });
      writing.add(write);
      if (writing.size >= STAGING_IN_FLIGHT) await Promise.race(writing);
    }
    await Promise.all(writing);
    const all = [...bySop.values()];
    // Checked before any blob becomes visible: a conflict leaves nothing behind.
    await partitionAgainstIndex(db, participantId, all);
    report({ phase: 'storing', done: 0, total: batch.size });
    const created = await batch.commit();
    report({ phase: 'storing', done: created, total: created });
    return await commitIndex(store, request, all, {
      source: request.source,
      warnings: [],
      report,
      commit: options.commit,
    });
  } finally {
    // After a commit nothing is staged any more; after a failure the temporary files go.
    await batch.discard();
  }
}

/** Parses, checks and hashes one received instance (a damaged one is an error naming it). */
function scanIncoming(incoming: IncomingInstance): ScannedInstance {
  let instance: ReturnType<typeof readDicomInstance>;
  try {
    instance = readDicomInstance(incoming.bytes, incoming.name);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError('not-dicom', `${incoming.name}: not a readable DICOM file`, { file: incoming.name });
  }
  return scannedOf(instance, { path: '', name: incoming.name }, incoming.bytes);
}
