/** How a transfer syntax stores pixels. Closed set; anything else is unsupported. */
export type PixelEncoding =
  | { readonly kind: 'native'; readonly bigEndian: boolean }
  | { readonly kind: 'jpeg-lossless' }
  | { readonly kind: 'jpeg-ls' }
  | { readonly kind: 'jpeg-2000' }
  | { readonly kind: 'rle' };

const ENCODINGS: Readonly<Record<string, PixelEncoding>> = {
  '1.2.840.10008.1.2': { kind: 'native', bigEndian: false }, // Implicit VR Little Endian
  '1.2.840.10008.1.2.1': { kind: 'native', bigEndian: false }, // Explicit VR Little Endian
  '1.2.840.10008.1.2.1.99': { kind: 'native', bigEndian: false }, // Deflated Explicit VR Little Endian
  '1.2.840.10008.1.2.2': { kind: 'native', bigEndian: true }, // Explicit VR Big Endian (retired)
  '1.2.840.10008.1.2.4.57': { kind: 'jpeg-lossless' }, // JPEG Lossless, process 14
  '1.2.840.10008.1.2.4.70': { kind: 'jpeg-lossless' }, // JPEG Lossless, process 14, SV1
  '1.2.840.10008.1.2.4.80': { kind: 'jpeg-ls' }, // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.81': { kind: 'jpeg-ls' }, // JPEG-LS Near-Lossless
  '1.2.840.10008.1.2.4.90': { kind: 'jpeg-2000' }, // JPEG 2000 Lossless Only
  '1.2.840.10008.1.2.4.91': { kind: 'jpeg-2000' }, // JPEG 2000
  '1.2.840.10008.1.2.5': { kind: 'rle' }, // RLE Lossless
};

const NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (lossy, 8 bit)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (lossy, 12 bit)',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.4.100': 'MPEG2',
  '1.2.840.10008.1.2.4.102': 'MPEG-4',
};

/** The pixel encoding of a transfer syntax UID, or undefined when cxcr4pet cannot decode it. */
export function pixelEncoding(transferSyntaxUid: string): PixelEncoding | undefined {
  return ENCODINGS[transferSyntaxUid];
}

/** A readable name for messages: `1.2.840.10008.1.2.4.50 (JPEG Baseline (lossy, 8 bit))`. */
export function transferSyntaxLabel(transferSyntaxUid: string): string {
  const name = NAMES[transferSyntaxUid];
  return name === undefined ? transferSyntaxUid : `${transferSyntaxUid} (${name})`;
}
