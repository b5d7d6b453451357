import { randomBytes } from 'node:crypto';
import { PacsError } from '../errors.ts';
import { type DicomJson, jsonText, jsonTexts } from './dicom-json.ts';
import { multipartBody, multipartBoundary, multipartParts } from './multipart.ts';

/** A study as QIDO-RS lists it. */
export interface StudyHit {
  readonly studyInstanceUid: string;
  readonly patientId: string;
  readonly patientName: string;
  /** `YYYYMMDD`. */
  readonly studyDate: string;
  readonly modalities: readonly string[];
  readonly description: string;
}

/** A series as QIDO-RS lists it. */
export interface SeriesHit {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly instanceCount: number | undefined;
}

/** Search keys of a study search; `studyDate` is `YYYYMMDD` or a range `YYYYMMDD-YYYYMMDD`. */
export interface StudyQuery {
  readonly patientId?: string | undefined;
  readonly studyDate?: string | undefined;
  readonly modality?: string | undefined;
}

/** One DICOM instance received: its SOP Instance UID and Part 10 bytes. */
export interface ReceivedInstance {
  readonly sopInstanceUid: string;
  readonly bytes: Uint8Array;
}

/**
 * A DICOMweb client (PS3.18: QIDO-RS search, WADO-RS retrieve, STOW-RS store) on Node's `fetch`.
 * `baseUrl` is the service root, e.g. `http://pacs:8042/dicom-web`. Every failure is one PacsError naming
 * the URL: unreachable, an HTTP status, or a response that is not what DICOMweb promises.
 */
export class DicomWebClient {
  readonly baseUrl: string;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(baseUrl: string, options: { readonly headers?: Readonly<Record<string, string>> } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#headers = options.headers ?? {};
  }

  async #fetch(path: string, init: RequestInit & { accept: string }): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...this.#headers, ...(init.headers as Record<string, string>), Accept: init.accept },
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new PacsError('unreachable', `cannot reach ${url}${cause}`);
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
      throw new PacsError(
        'http-status',
        `${init.method ?? 'GET'} ${url} answered ${response.status} ${response.statusText}${text ? `: ${text}` : ''}`,
      );
    }
    return response;
  }

  async #json(path: string): Promise<DicomJson[]> {
    const response = await this.#fetch(path, { accept: 'application/dicom+json' });
    if (response.status === 204) return [];
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (!Array.isArray(body))
      throw new PacsError('bad-response', `${this.baseUrl}${path} did not answer a DICOM JSON array`);
    return body as DicomJson[];
  }

  /** QIDO-RS: the studies matching patient ID, study date (or range) and modality. */
  async searchStudies(query: StudyQuery): Promise<StudyHit[]> {
    const params = new URLSearchParams();
    if (query.patientId) params.set('PatientID', query.patientId);
    if (query.studyDate) params.set('StudyDate', query.studyDate);
    if (query.modality) params.set('ModalitiesInStudy', query.modality);
    params.append('includefield', '00081030');
    params.append('includefield', '00080061');
    const studies = await this.#json(`/studies?${params}`);
    return studies.map((study) => ({
      studyInstanceUid: jsonText(study, '0020000D'),
      patientId: jsonText(study, '00100020'),
      patientName: jsonText(study, '00100010'),
      studyDate: jsonText(study, '00080020'),
      modalities: jsonTexts(study, '00080061'),
      description: jsonText(study, '00081030'),
    }));
  }

  /** QIDO-RS: the series of a study (optionally of one modality). */
  async searchSeries(studyInstanceUid: string, modality?: string): Promise<SeriesHit[]> {
    const params = new URLSearchParams();
    if (modality) params.set('Modality', modality);
    params.append('includefield', '0008103E');
    params.append('includefield', '00201209');
    const series = await this.#json(`/studies/${encodeURIComponent(studyInstanceUid)}/series?${params}`);
    return series.map((item) => {
      const count = Number(jsonText(item, '00201209'));
      return {
        studyInstanceUid,
        seriesInstanceUid: jsonText(item, '0020000E'),
        modality: jsonText(item, '00080060'),
        description: jsonText(item, '0008103E'),
        instanceCount: Number.isFinite(count) && jsonText(item, '00201209') !== '' ? count : undefined,
      };
    });
  }

  /** QIDO-RS: the SOP Instance UIDs of a series. */
  async searchInstances(studyInstanceUid: string, seriesInstanceUid: string): Promise<string[]> {
    const path = `/studies/${encodeURIComponent(studyInstanceUid)}/series/${encodeURIComponent(seriesInstanceUid)}/instances`;
    return (await this.#json(path)).map((instance) => jsonText(instance, '00080018'));
  }

  /**
   * WADO-RS: the instances of a series (or of the listed SOP instances only), yielded one by one as they
   * arrive (a streamed multipart/related response, never the whole series in memory).
   */
  async *retrieveSeries(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUids?: readonly string[],
  ): AsyncGenerator<ReceivedInstance> {
    const series = `/studies/${encodeURIComponent(studyInstanceUid)}/series/${encodeURIComponent(seriesInstanceUid)}`;
    const paths =
      sopInstanceUids === undefined
        ? [series]
        : sopInstanceUids.map((uid) => `${series}/instances/${encodeURIComponent(uid)}`);
    for (const path of paths) {
      const response = await this.#fetch(path, { accept: 'multipart/related; type="application/dicom"' });
      const boundary = multipartBoundary(response.headers.get('content-type'));
      if (boundary === undefined || response.body === null)
        throw new PacsError('bad-response', `${this.baseUrl}${path} did not answer multipart/related`);
      for await (const part of multipartParts(response.body, boundary, `${this.baseUrl}${path}`))
        yield { sopInstanceUid: sopInstanceUidOf(part.body), bytes: part.body };
    }
  }

  /**
   * STOW-RS: stores Part 10 files (one request per `batchSize` files). Resolves to the SOP Instance UIDs
   * the server reports as stored; a file the server refuses is a PacsError naming its UID and reason.
   */
  async store(files: readonly Uint8Array[], batchSize = 50): Promise<string[]> {
    const stored: string[] = [];
    for (let start = 0; start < files.length; start += batchSize) {
      const boundary = `cxcr4pet-${randomBytes(12).toString('hex')}`;
      const body = multipartBody(files.slice(start, start + batchSize), boundary);
      const response = await this.#fetch('/studies', {
        method: 'POST',
        accept: 'application/dicom+json',
        headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
        body,
      });
      const result = (await response.json().catch(() => ({}))) as DicomJson;
      const failed = result['00081198']?.Value as DicomJson[] | undefined;
      if (failed !== undefined && failed.length > 0) {
        const first = failed[0] ?? {};
        throw new PacsError(
          'http-status',
          `STOW-RS to ${this.baseUrl} refused ${failed.length} instance(s), e.g. ${jsonText(first, '00081155')} (failure reason ${jsonText(first, '00081197')})`,
        );
      }
      for (const item of (result['00081199']?.Value ?? []) as DicomJson[])
        stored.push(jsonText(item, '00081155'));
    }
    return stored;
  }
}

/**
 * The SOP Instance UID of a Part 10 file, read from its file meta group (MediaStorageSOPInstanceUID,
 * (0002,0003), always Explicit VR Little Endian): a few bytes, no full parse.
 */
export function sopInstanceUidOf(bytes: Uint8Array): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.toString('latin1', 128, 132) !== 'DICM')
    throw new PacsError('bad-response', 'a received part is not a DICOM Part 10 file');
  let at = 132;
  while (at + 8 <= view.length && view.readUInt16LE(at) === 0x0002) {
    const element = view.readUInt16LE(at + 2);
    const vr = view.toString('latin1', at + 4, at + 6);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
    const length = long ? view.readUInt32LE(at + 8) : view.readUInt16LE(at + 6);
    const valueAt = at + (long ? 12 : 8);
    if (element === 0x0003) return view.toString('latin1', valueAt, valueAt + length).replace(/[\0\s]+$/, '');
    at = valueAt + length;
  }
  throw new PacsError('bad-response', 'a received file has no MediaStorageSOPInstanceUID');
}
