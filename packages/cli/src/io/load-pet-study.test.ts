import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPetStudy, readDicomInstance } from '@cxcr4pet/dicom';
import { dicomFailure as failure } from '@cxcr4pet/dicom/testing';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { afterAll, describe, expect, it } from 'vitest';
import { type LoadProgress, loadPetStudy } from './load-pet-study.ts';

const realPet = fileURLToPath(new URL('../../../../testdata/real-pet/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cxcr4pet-io-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string): string {
  const path = join(scratch, name);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('loading a PET study from a folder', () => {
  it('reads every file under nested folders, skipping non-DICOM files with a warning naming them', async () => {
    const study = folder('nested');
    cpSync(join(realPet, 'sts-001-pet/image'), join(study, 'a/b'), { recursive: true });
    cpSync(join(realPet, 'sts-001-pet/mask'), join(study, 'rtstruct'), { recursive: true });
    writeFileSync(join(study, 'a/notes.txt'), 'scanned on the Discovery ST\n');
    const progress: LoadProgress[] = [];
    const result = await loadPetStudy(study, { onProgress: (p) => progress.push(p), progressEveryFiles: 20 });
    expect(result.pet.volume.dims).toEqual([41, 43, 59]);
    expect(result.ct).toBeUndefined();
    expect(result.warnings).toEqual([`skipped ${join('a', 'notes.txt')}: not a DICOM file`]);
    // 61 files: progress at 20, 40, 60 read, then once before building.
    expect(progress.map((p) => `${p.phase}:${p.filesRead}`)).toEqual([
      'reading:20',
      'reading:40',
      'reading:60',
      'building:61',
    ]);
  });

  it('rejects an empty folder', async () => {
    const path = folder('empty');
    const error = await failure(() => loadPetStudy(path));
    expect(error.code).toBe('empty-folder');
    expect(error.message).toBe(`folder ${path} is empty: no files to read`);
  });

  it('rejects a folder with files but no DICOM', async () => {
    const path = folder('text-only');
    writeFileSync(join(path, 'readme.txt'), 'nothing here');
    const error = await failure(() => loadPetStudy(path));
    expect(error.message).toMatch(/has no DICOM files \(1 other file skipped\)$/);
  });

  it('rejects a folder that does not exist', async () => {
    const error = await failure(() => loadPetStudy(join(scratch, 'missing')));
    expect(error.code).toBe('folder-not-found');
  });

  it('stops at a truncated DICOM file, naming it by its path in the folder', async () => {
    const path = folder('truncated');
    cpSync(join(realPet, 'sts-001-pet/image'), path, { recursive: true });
    const victim = join(path, '000010.dcm');
    writeFileSync(victim, readFileSync(victim).subarray(0, 4000));
    const error = await failure(() => loadPetStudy(path));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/^000010\.dcm is truncated/);
  });

  it('asks which PET series when the folder holds two', async () => {
    const path = folder('two-pets');
    cpSync(join(realPet, 'acrin-flt-breast-slices'), path, { recursive: true });
    const error = await failure(() => loadPetStudy(path));
    expect(error.code).toBe('several-pet-series');
  });
});

describe('header-first reading (pixel data read from the file while the volume is built)', () => {
  // 100 × 100 slices of 16 bits: 20 KB of pixel data per file, past the 16 KB head the loader reads
  // first, so these files take the deferred path (the real files above are smaller and are read whole).
  const { files } = phantomStudyFiles({
    tracer: 'pentixafor',
    seed: 7,
    dims: [100, 100, 8],
    spacingMm: [4, 4, 4],
  });
  const pet = files.filter((file) => file.path.startsWith('PET/'));

  function writeSeries(name: string): string {
    const path = folder(name);
    for (const file of pet) writeFileSync(join(path, file.path.slice(4)), file.bytes);
    return path;
  }

  /** The independent path: every file read whole and parsed with its pixel bytes in memory. */
  async function wholeFileStudy(path: string) {
    const instances = readdirSync(path).map((name) =>
      readDicomInstance(new Uint8Array(readFileSync(join(path, name))), name),
    );
    expect(instances.every((instance) => instance.image?.pixelData.kind === 'native')).toBe(true);
    return buildPetStudy(instances, { values: 'bw' });
  }

  it('gives the same SUV volume, bit for bit, as reading every file whole', async () => {
    const path = writeSeries('deferred');
    expect(pet[0]?.bytes.length).toBeGreaterThan(20_000);
    const study = await loadPetStudy(path, { values: 'bw' });
    const whole = await wholeFileStudy(path);
    expect(study.pet.volume.dims).toEqual([100, 100, 8]);
    expect(study.pet.volume.data).toEqual(whole.pet.volume.data);
    expect(Math.max(...study.pet.volume.data)).toBeGreaterThan(0);
  });

  it('still reads a file whose header is longer than the first 16 KB (read whole instead)', async () => {
    const path = writeSeries('long-header');
    const name = readdirSync(path).sort()[3] as string;
    const bytes = readFileSync(join(path, name));
    // A private block of 20,000 bytes right after the file meta group (explicit VR little endian):
    // (0011,0010) LO creator, (0011,1000) OB value.
    const metaEnd = 132 + 12 + bytes.readUInt32LE(140);
    const creator = Buffer.from('CXCR4PET TEST ', 'latin1');
    const element = Buffer.alloc(8 + creator.length + 12 + 20_000, 0x41);
    element.writeUInt16LE(0x0011, 0);
    element.writeUInt16LE(0x0010, 2);
    element.write('LO', 4, 'latin1');
    element.writeUInt16LE(creator.length, 6);
    creator.copy(element, 8);
    const at = 8 + creator.length;
    element.writeUInt16LE(0x0011, at);
    element.writeUInt16LE(0x1000, at + 2);
    element.write('OB', at + 4, 'latin1');
    element.writeUInt16LE(0, at + 6);
    element.writeUInt32LE(20_000, at + 8);
    writeFileSync(
      join(path, name),
      Buffer.concat([bytes.subarray(0, metaEnd), element, bytes.subarray(metaEnd)]),
    );
    const study = await loadPetStudy(path, { values: 'bw' });
    expect(study.pet.volume.data).toEqual((await wholeFileStudy(path)).pet.volume.data);
  });

  // Explicit VR files cut short made dicom-parser say 'buffer overrun', which was taken for "not DICOM"
  // and the file skipped with a warning: the series then failed on a gap, or lost its end slice silently.
  it('stops at a file truncated inside its pixel data, past the header, naming it', async () => {
    const path = writeSeries('truncated-pixels');
    const name = readdirSync(path).sort()[5] as string;
    const bytes = readFileSync(join(path, name));
    writeFileSync(join(path, name), bytes.subarray(0, bytes.length - 100));
    const error = await failure(() => loadPetStudy(path));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} is truncated`));
    expect(error.message).not.toMatch(/\n/);
  });
});
