import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { Decoder as JpegLosslessDecoder } from 'jpeg-lossless-decoder-js';

/** Decoded samples of one frame as raw bytes (little endian), with the codec's own frame facts. */
export interface DecodedFrame {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly bytes: Uint8Array;
}

const quiet = { print: () => {}, printErr: () => {} };
let charls: ReturnType<typeof charlsFactory> | undefined;
let openjpeg: ReturnType<typeof openjpegFactory> | undefined;

/** JPEG-LS (PS3.5 A.4.3) with CharLS compiled to WebAssembly (@cornerstonejs/codec-charls). */
export async function decodeJpegLs(encoded: Uint8Array): Promise<DecodedFrame> {
  charls ??= charlsFactory(quiet);
  const codec = await charls;
  const decoder = new codec.JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return { ...info, bytes: decoder.getDecodedBuffer().slice() };
  } finally {
    decoder.delete();
  }
}

/** JPEG 2000 (PS3.5 A.4.4) with OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg). */
export async function decodeJpeg2000(encoded: Uint8Array): Promise<DecodedFrame> {
  openjpeg ??= openjpegFactory(quiet);
  const codec = await openjpeg;
  const decoder = new codec.J2KDecoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return { ...info, bytes: decoder.getDecodedBuffer().slice() };
  } finally {
    decoder.delete();
  }
}

/** JPEG lossless, process 14 (PS3.5 A.4.1), with jpeg-lossless-decoder-js (pure JavaScript). */
export function decodeJpegLossless(encoded: Uint8Array, bitsAllocated: number): Uint8Array {
  const copy = encoded.slice();
  const samples = new JpegLosslessDecoder().decode(copy.buffer, 0, copy.length, bitsAllocated / 8);
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
