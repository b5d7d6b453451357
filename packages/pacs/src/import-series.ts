import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DicomWebClient, SeriesHit } from './dicomweb/client.ts';

/** How far an import has come. */
export interface ImportProgress {
  readonly seriesInstanceUid: string;
  /** Instances of the series now in the folder (already there plus received). */
  readonly done: number;
  /** Instances of the series on the server. */
  readonly total: number;
}

/** What an import did. */
export interface ImportResult {
  /** Instances received and written. */
  readonly received: number;
  /** Instances skipped because the folder already held them (same SOP Instance UID). */
  readonly alreadyPresent: number;
  /** Folder of each series, under the destination. */
  readonly folders: readonly string[];
}

/** The file a SOP instance is stored in: `<folder>/<SOPInstanceUID>.dcm` (UIDs are safe file names). */
export function instancePath(folder: string, sopInstanceUid: string): string {
  if (!/^[0-9.]+$/.test(sopInstanceUid)) throw new Error(`'${sopInstanceUid}' is not a DICOM UID`);
  return join(folder, `${sopInstanceUid}.dcm`);
}

/** Writes one instance atomically (temporary name, then rename): a reader never sees half a file. */
export async function writeInstance(
  folder: string,
  sopInstanceUid: string,
  bytes: Uint8Array,
): Promise<void> {
  const path = instancePath(folder, sopInstanceUid);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/** Writes in flight at once while the response streams in (the disk and the network overlap). */
const WRITES_IN_FLIGHT = 8;

/** SOP Instance UIDs already stored in a series folder (`<uid>.dcm`); empty when the folder is new. */
async function presentInstances(folder: string): Promise<Set<string>> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return new Set(names.filter((name) => name.endsWith('.dcm')).map((name) => name.slice(0, -4)));
}

/**
 * Retrieves series over DICOMweb into `destination/<SeriesInstanceUID>/<SOPInstanceUID>.dcm`, the layout
 * `cxcr4pet analyze` reads (it reads every file under a folder). Idempotent by SOP Instance UID: into an
 * empty folder the whole series comes in one WADO-RS response; when the folder already holds instances,
 * QIDO-RS lists the series and only the missing instances are fetched. Series are fetched concurrently;
 * each instance is written atomically.
 */
export async function importSeries(
  client: DicomWebClient,
  series: readonly SeriesHit[],
  destination: string,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const results = await Promise.all(
    series.map((hit) => importOneSeries(client, hit, join(destination, hit.seriesInstanceUid), onProgress)),
  );
  return {
    received: results.reduce((sum, r) => sum + r.received, 0),
    alreadyPresent: results.reduce((sum, r) => sum + r.alreadyPresent, 0),
    folders: series.map((hit) => join(destination, hit.seriesInstanceUid)),
  };
}

async function importOneSeries(
  client: DicomWebClient,
  hit: SeriesHit,
  folder: string,
  onProgress: ((progress: ImportProgress) => void) | undefined,
): Promise<{ received: number; alreadyPresent: number }> {
  const present = await presentInstances(folder);
  await mkdir(folder, { recursive: true });
  let missing: string[] | undefined;
  let total = hit.instanceCount ?? 0;
  if (present.size > 0) {
    const onServer = await client.searchInstances(hit.studyInstanceUid, hit.seriesInstanceUid);
    missing = onServer.filter((uid) => !present.has(uid));
    total = onServer.length;
  }
  const alreadyPresent = missing === undefined ? 0 : total - missing.length;
  let done = alreadyPresent;
  onProgress?.({ seriesInstanceUid: hit.seriesInstanceUid, done, total });
  if (missing !== undefined && missing.length === 0) return { received: 0, alreadyPresent };
  let received = 0;
  const writing = new Set<Promise<void>>();
  for await (const instance of client.retrieveSeries(hit.studyInstanceUid, hit.seriesInstanceUid, missing)) {
    const write = writeInstance(folder, instance.sopInstanceUid, instance.bytes).then(() => {
      writing.delete(write);
      received++;
      done++;
      onProgress?.({ seriesInstanceUid: hit.seriesInstanceUid, done, total: Math.max(total, done) });
    });
    writing.add(write);
    if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
  }
  await Promise.all(writing);
  return { received, alreadyPresent };
}
