import { describe, expect, it } from 'vitest';
import { PacsError } from '../errors.ts';
import { multipartBody, multipartBoundary, multipartParts } from './multipart.ts';

/** The body delivered in chunks of the given sizes (cycled), as a network stream would. */
async function* chunked(body: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let n = 0; at < body.length; n++) {
    const size = sizes[n % sizes.length] ?? 1;
    yield body.subarray(at, at + size);
    at += size;
  }
}

async function collect(body: Uint8Array, sizes: readonly number[], boundary: string): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  for await (const part of multipartParts(chunked(body, sizes), boundary, 'test')) parts.push(part.body);
  return parts;
}

// Three "files" whose bytes contain CR LF, dashes and a near-boundary, so a parser that splits on less
// than the full "\r\n--boundary" delimiter would cut them.
const files = [
  Uint8Array.from(Buffer.from('DICM\r\n--bound\r\n-- not the end')),
  new Uint8Array(0),
  Uint8Array.from({ length: 70_000 }, (_, n) => (n * 31) % 256),
];

describe('multipart/related', () => {
  it('gives back every part byte for byte, however the stream is chunked', async () => {
    const body = new Uint8Array(multipartBody(files, 'bound-ary-1'));
    for (const sizes of [[body.length], [1], [7, 3, 1000], [13], [4096]])
      expect((await collect(body, sizes, 'bound-ary-1')).map((p) => Buffer.from(p).toString('hex'))).toEqual(
        files.map((f) => Buffer.from(f).toString('hex')),
      );
  });

  it('yields plain Uint8Arrays whose slice() copies (not Buffers sharing the stream buffer)', async () => {
    const body = new Uint8Array(multipartBody(files, 'b2'));
    const parts = await collect(body, [64], 'b2');
    expect(parts.map((p) => Buffer.isBuffer(p))).toEqual([false, false, false]);
    expect(parts[0]?.slice().buffer.byteLength).toBe(files[0]?.length);
  });

  it('reads the boundary from a Content-Type header, quoted or not', () => {
    expect(multipartBoundary('multipart/related; type="application/dicom"; boundary=abc-1')).toBe('abc-1');
    expect(multipartBoundary('multipart/related; boundary="x y"; type="application/dicom"')).toBe('x y');
    expect(multipartBoundary('application/dicom')).toBeUndefined();
  });

  it('reports a body cut before its closing boundary', async () => {
    const body = new Uint8Array(multipartBody(files, 'b1'));
    const cut = body.subarray(0, body.length - 10);
    await expect(collect(cut, [100], 'b1')).rejects.toBeInstanceOf(PacsError);
    await expect(collect(cut, [100], 'b1')).rejects.toThrow(
      'test: the multipart response ended before its closing boundary',
    );
  });
});
