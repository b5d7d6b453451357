import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVolume } from './build-volume.ts';
import { readDicomInstance } from './map-instance.ts';

/*
 * One real PET slice compressed by independent encoders (dcmtk, GDCM; see
 * fixtures/compressed/make-compressed.sh) must decode to exactly the voxels of the uncompressed
 * original: all four syntaxes are lossless, so the tolerance is zero.
 */

const original = new URL('../../../../testdata/real-pet/sts-001-pet/image/000030.dcm', import.meta.url);
const fixtures = new URL('./fixtures/compressed/', import.meta.url);

function instance(url: URL, name: string) {
  return readDicomInstance(new Uint8Array(readFileSync(url)), name);
}

describe('compressed transfer syntaxes', async () => {
  const expected = await buildVolume([instance(original, '000030.dcm')], 'original');
  const cases = [
    ['jpeg-ls.dcm', '1.2.840.10008.1.2.4.80'],
    ['jpeg-lossless.dcm', '1.2.840.10008.1.2.4.70'],
    ['rle.dcm', '1.2.840.10008.1.2.5'],
    ['jpeg-2000.dcm', '1.2.840.10008.1.2.4.90'],
  ] as const;
  for (const [file, syntax] of cases) {
    it(`decodes ${file} (${syntax}) to the original voxels`, async () => {
      const compressed = instance(new URL(file, fixtures), file);
      expect(compressed.transferSyntaxUid).toBe(syntax);
      const volume = await buildVolume([compressed], file);
      expect(volume.dims).toEqual(expected.dims);
      expect(volume.data).toEqual(expected.data);
    });
  }

  it('names the transfer syntax and the file when it cannot decode', async () => {
    // Same-length swap of the UID in the meta header: .70 (JPEG lossless) → .50 (JPEG baseline).
    const bytes = new Uint8Array(readFileSync(new URL('jpeg-lossless.dcm', fixtures)));
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 400));
    const at = text.indexOf('1.2.840.10008.1.2.4.70');
    const edited = bytes.slice();
    edited.set(new TextEncoder().encode('1.2.840.10008.1.2.4.50'), at);
    const baseline = readDicomInstance(edited, 'baseline.dcm');
    await expect(buildVolume([baseline], 'test')).rejects.toThrow(
      'baseline.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (lossy, 8 bit))',
    );
  });
});
