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
  let buffer: Buffer = Buffer.alloc(0);
  let state: 'preamble' | 'delimiter' | 'headers' | 'body' = 'preamble';
  let headers: Record<string, string> = {};
  for await (const chunk of chunks) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (state === 'preamble') {
        const at = buffer.indexOf(delimiter);
        if (at < 0) break;
        buffer = buffer.subarray(at + delimiter.length);
        state = 'delimiter';
      }
      if (state === 'delimiter') {
        if (buffer.length < 2) break;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) return; // "--": the closing delimiter
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) break;
        buffer = buffer.subarray(eol + 2);
        state = 'headers';
      }
      if (state === 'headers') {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        headers = {};
        for (const line of buffer.subarray(0, end).toString('latin1').split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        buffer = buffer.subarray(end + 4);
        state = 'body';
      }
      if (state === 'body') {
        const at = buffer.indexOf(bodyEnd);
        if (at < 0) break;
        yield { headers, body: Uint8Array.from(buffer.subarray(0, at)) };
        buffer = buffer.subarray(at + bodyEnd.length);
        state = 'delimiter';
      }
    }
  }
  throw new PacsError('bad-response', `${what}: the multipart response ended before its closing boundary`);
}

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
