import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import {
  buildPetStudy,
  DicomError,
  type DicomInstance,
  type HeaderReader,
  type PetStudy,
  type PetStudyOptions,
  type PixelReader,
  readDicomInstance,
  seriesHeaderReader,
} from '@cxcr4pet/dicom';
import { type FileEntry, listFiles } from './list-files.ts';

/** How far a folder read has come; `phase` says whether files are being read or the volume built. */
export interface LoadProgress {
  readonly phase: 'reading' | 'building';
  readonly filesRead: number;
  readonly fileCount: number;
}

export interface LoadPetStudyOptions extends PetStudyOptions {
  /** Called now and then while reading (at most every `progressEveryFiles` files) and once before building. */
  readonly onProgress?: ((progress: LoadProgress) => void) | undefined;
  readonly progressEveryFiles?: number | undefined;
}

/** Bytes read first from each file: a PET/CT header (without pixel data) is typically 1–6 KB. */
const HEAD_BYTES = 16 * 1024;

/** Reads `into.length` bytes of `path` from `fileOffset`, when the volume is built. */
function pixelReader(path: string, name: string): PixelReader {
  return (into, fileOffset) => {
    const fd = openSync(path, 'r');
    try {
      let done = 0;
      while (done < into.length) {
        const got = readSync(fd, into, done, into.length - done, fileOffset + done);
        if (got === 0)
          throw new DicomError(
            'truncated',
            `${name} is truncated: its pixel data ends after ${done} of ${into.length} bytes (did the file change while it was read?)`,
            { file: name, attribute: 'PixelData' },
          );
        done += got;
      }
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * One file as an instance: its first `HEAD_BYTES` parsed up to the pixel data, which stays in the file
 * until the volume is built (so the series' pixel bytes are never all held at once, and each slice is
 * converted while it is in cache); the whole file when the head is not enough (see `readDicomHeader`).
 * `readHeader` parses heads against the layouts of the files before (`seriesHeaderReader`).
 * Synchronous: a profile showed the promise API's per-call cost (open, stat, read, close through the
 * thread pool) above the reading itself for files in the page cache.
 */
function readInstance(path: string, name: string, head: Uint8Array, readHeader: HeaderReader): DicomInstance {
  const fd = openSync(path, 'r');
  let size: number;
  let got: number;
  try {
    size = fstatSync(fd).size;
    got = readSync(fd, head, 0, Math.min(size, head.length), 0);
  } finally {
    closeSync(fd);
  }
  if (size > got) {
    // The head is parsed (its values copied out) before the next file reuses the buffer.
    const instance = readHeader(head.subarray(0, got), name, size, pixelReader(path, name));
    if (instance !== undefined) return instance;
    const bytes = readFileSync(path);
    return readDicomInstance(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
  }
  // The whole file fits in the head: parse a copy, since the instance's pixel data is a view on it.
  return readDicomInstance(head.slice(0, got), name);
}

/**
 * Reads every file under `folder` (recursively), keeps the DICOM ones, and builds the PET study:
 * PET in Bq/ml with SUV factors, the CT of the same frame of reference in HU. Files that are not
 * DICOM Part 10 are skipped with a warning naming them; a truncated DICOM file, an empty folder or
 * a folder without DICOM throws `DicomError` with a one-line message.
 */
export async function loadPetStudy(folder: string, options: LoadPetStudyOptions = {}): Promise<PetStudy> {
  const files = await listFiles(folder);
  if (files.length === 0)
    throw new DicomError('empty-folder', `folder ${folder} is empty: no files to read`, { file: folder });
  const every = options.progressEveryFiles ?? 100;
  const instances: (DicomInstance | undefined)[] = new Array(files.length);
  const skipped: string[] = [];
  const head = new Uint8Array(HEAD_BYTES);
  const readHeader = seriesHeaderReader();
  let read = 0;
  for (let index = 0; index < files.length; index++) {
    const { path, name } = files[index] as FileEntry;
    try {
      instances[index] = readInstance(path, name, head, readHeader);
    } catch (error) {
      if (error instanceof DicomError && error.code === 'not-dicom') skipped.push(name);
      else throw error;
    }
    read++;
    if (read % every === 0) {
      options.onProgress?.({ phase: 'reading', filesRead: read, fileCount: files.length });
      await new Promise((resolve) => setImmediate(resolve)); // let other work (a server's requests) run
    }
  }
  const dicom = instances.filter((instance): instance is DicomInstance => instance !== undefined);
  if (dicom.length === 0)
    throw new DicomError(
      'empty-folder',
      `folder ${folder} has no DICOM files (${files.length} other file${files.length === 1 ? '' : 's'} skipped)`,
      {
        file: folder,
      },
    );
  options.onProgress?.({ phase: 'building', filesRead: read, fileCount: files.length });
  const study = await buildPetStudy(dicom, options);
  const warnings = skipped.sort().map((name) => `skipped ${name}: not a DICOM file`);
  return { ...study, warnings: [...warnings, ...study.warnings] };
}

/** A progress line for stderr (ends with `\r` so the next one overwrites it on a terminal). */
export function formatLoadProgress(progress: LoadProgress): string {
  return progress.phase === 'reading'
    ? `reading DICOM: ${progress.filesRead}/${progress.fileCount} files\r`
    : `building volume from ${progress.filesRead} files…\r`;
}
