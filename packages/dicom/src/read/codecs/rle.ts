/**
 * DICOM RLE Lossless (PS3.5 Annex G). Hand-written because none of the installed codecs covers
 * it and the format is a 64-byte header plus PackBits segments (about 40 lines). Segments hold
 * the bytes of each sample most-significant first; the result is little endian.
 */
export function decodeRle(
  encoded: Uint8Array,
  pixelCount: number,
  bytesPerSample: number,
): Uint8Array | undefined {
  if (encoded.length < 64) return undefined;
  const header = new DataView(encoded.buffer, encoded.byteOffset, 64);
  const segmentCount = header.getUint32(0, true);
  if (segmentCount !== bytesPerSample) return undefined;
  const out = new Uint8Array(pixelCount * bytesPerSample);
  for (let segment = 0; segment < segmentCount; segment++) {
    const start = header.getUint32(4 + 4 * segment, true);
    const end = segment + 1 < segmentCount ? header.getUint32(8 + 4 * segment, true) : encoded.length;
    // Segment 0 is the most significant byte: in little endian output it goes last.
    const byteIndex = bytesPerSample - 1 - segment;
    let read = start;
    let pixel = 0;
    while (read < end && pixel < pixelCount) {
      const control = encoded[read++] ?? 0;
      const n = control > 127 ? control - 256 : control;
      if (n >= 0) {
        for (let c = 0; c <= n && pixel < pixelCount; c++)
          out[pixel++ * bytesPerSample + byteIndex] = encoded[read++] ?? 0;
      } else if (n !== -128) {
        const value = encoded[read++] ?? 0;
        for (let c = 0; c < 1 - n && pixel < pixelCount; c++)
          out[pixel++ * bytesPerSample + byteIndex] = value;
      }
    }
    if (pixel < pixelCount) return undefined;
  }
  return out;
}
