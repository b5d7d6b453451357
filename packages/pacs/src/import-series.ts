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

/**
 * Retrieves series over DICOMweb into `destination/<SeriesInstanceUID>/<SOPInstanceUID>.dcm`, the layout
 * `cxcr4pet analyze` reads (it reads every file under a folder). Idempotent by SOP Instance UID: the
 * instances already in the folder are not fetched again (QIDO-RS lists the series, WADO-RS fetches only
 * the missing instances, or the whole series in one response when none is present).
 */
export async function importSeries(
  client: DicomWebClient,
  series: readonly SeriesHit[],
  destination: string,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  let received = 0;
  let alreadyPresent = 0;
  const folders: string[] = [];
  for (const hit of series) {
    const folder = join(destination, hit.seriesInstanceUid);
    await mkdir(folder, { recursive: true });
    folders.push(folder);
    const present = new Set(
      (await readdir(folder)).filter((name) => name.endsWith('.dcm')).map((name) => name.slice(0, -4)),
    );
    const onServer = await client.searchInstances(hit.studyInstanceUid, hit.seriesInstanceUid);
    const missing = onServer.filter((uid) => !present.has(uid));
    alreadyPresent += onServer.length - missing.length;
    let done = onServer.length - missing.length;
    onProgress?.({ seriesInstanceUid: hit.seriesInstanceUid, done, total: onServer.length });
    if (missing.length === 0) continue;
    const instances =
      missing.length === onServer.length
        ? client.retrieveSeries(hit.studyInstanceUid, hit.seriesInstanceUid)
        : client.retrieveSeries(hit.studyInstanceUid, hit.seriesInstanceUid, missing);
    for await (const instance of instances) {
      await writeInstance(folder, instance.sopInstanceUid, instance.bytes);
      received++;
      done++;
      onProgress?.({ seriesInstanceUid: hit.seriesInstanceUid, done, total: onServer.length });
    }
  }
  return { received, alreadyPresent, folders };
}
