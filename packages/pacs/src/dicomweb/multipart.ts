import { PacsError } from '../errors.ts';

/** One part of a multipart/related body: its headers (lower-case names) and bytes. */
export interface MultipartPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** The boundary parameter of a multipart Content-Type header, or undefined. */
export function multipartBoundary(contentType: string | null): string | undefined {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.trim();
}

/**
 * Splits a multipart/related body (RFC 2046 §5.1, as WADO-RS sends instances) into parts as the bytes
 * arrive, so a series is written instance by instance instead of held whole. Written here because
 * `dicomweb-client` (the DICOMweb library) runs on the browser's XMLHttpRequest, which Node lacks, and
 * buffers the whole response; this parser takes `fetch`'s stream.
 * @throws PacsError 'bad-response' when the body ends inside a part.
 */
export async function* multipartParts(
  chunks: AsyncIterable<Uint8Array>,
  boundary: string,
  what: string,
): AsyncGenerator<MultipartPart> {
  const delimiter = Buffer.from(`--${boundary}`);
  const bodyEnd = Buffer.from(`\r\n--${boundary}`);
  // Unconsumed bytes are data[start, end); capacity doubles, so appending is amortised O(1) per byte.
  let data = Buffer.alloc(1 << 16);
  let start = 0;
  let end = 0;
  // Where the next search may begin (bytes before it were searched already, minus a delimiter's length).
  let searchFrom = 0;
  let state: 'preamble' | 'delimiter' | 'headers' | 'body' = 'preamble';
  let headers: Record<string, string> = {};
  const consume = (to: number) => {
    start = to;
    searchFrom = to;
  };
  const find = (needle: Buffer): number => {
    const at = data.subarray(0, end).indexOf(needle, Math.max(start, searchFrom));
    searchFrom = at < 0 ? Math.max(start, end - needle.length + 1) : searchFrom;
    return at;
  };
  for await (const chunk of chunks) {
    if (end + chunk.length > data.length) {
      const kept = end - start;
      const bigger = Buffer.alloc(Math.max(data.length, 2 * (kept + chunk.length)));
      data.copy(bigger, 0, start, end);
      searchFrom = Math.max(0, searchFrom - start);
      data = bigger;
      start = 0;
      end = kept;
    }
    data.set(chunk, end);
    end += chunk.length;
    for (;;) {
      if (state === 'preamble') {
        const at = find(delimiter);
        if (at < 0) break;
        consume(at + delimiter.length);
        state = 'delimiter';
      }
      if (state === 'delimiter') {
        if (end - start < 2) break;
        if (data[start] === 0x2d && data[start + 1] === 0x2d) return; // "--": the closing delimiter
        const eol = find(CRLF);
        if (eol < 0) break;
        consume(eol + 2);
        state = 'headers';
      }
      if (state === 'headers') {
        const at = find(BLANK_LINE);
        if (at < 0) break;
        headers = {};
        for (const line of data.toString('latin1', start, at).split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        consume(at + 4);
        state = 'body';
      }
      if (state === 'body') {
        const at = find(bodyEnd);
        if (at < 0) break;
        // A view, not a copy: bytes before `end` are never written again (growth copies to a new buffer).
        // A plain Uint8Array (not a Buffer, whose slice() would not copy).
        yield { headers, body: new Uint8Array(data.buffer, data.byteOffset + start, at - start) };
        consume(at + bodyEnd.length);
        state = 'delimiter';
      }
    }
  }
  throw new PacsError('bad-response', `${what}: the multipart response ended before its closing boundary`);
}

const CRLF = Buffer.from('\r\n');
const BLANK_LINE = Buffer.from('\r\n\r\n');

/** Encodes DICOM files as one multipart/related body (STOW-RS request): the bytes and the Content-Type. */
export function multipartBody(files: readonly Uint8Array[], boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'));
    parts.push(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
    parts.push(Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(parts);
}
