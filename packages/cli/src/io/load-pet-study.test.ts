import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dicomFailure as failure } from '@cxcr4pet/dicom/testing';
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
