import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCtSeries } from './ct-series.ts';
import { writePetSeries } from './pet-series.ts';
import { sampleCtInput, samplePetInput } from './sample-input.test-helper.ts';
import type { DicomFile } from './types.ts';

const hasDciodvfy = spawnSync('dciodvfy', ['-help'], { stdio: 'ignore' }).error === undefined;
if (!hasDciodvfy)
  console.warn('dciodvfy not found (Debian package dicom3tools): DICOM validation tests skipped');

/** Runs dciodvfy (dicom3tools) on each file and returns its "Error" lines (warnings are allowed). */
function dciodvfyErrors(files: readonly DicomFile[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-dciodvfy-'));
  try {
    const errors: string[] = [];
    for (const file of files) {
      const path = join(dir, file.name);
      writeFileSync(path, file.bytes);
      // dciodvfy writes its findings on stderr and exits 0 even with errors: read the text.
      const result = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
      const lines = `${result.stdout}\n${result.stderr}`.split('\n');
      errors.push(...lines.filter((l) => l.startsWith('Error')).map((l) => `${file.name}: ${l}`));
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasDciodvfy)('dciodvfy (dicom3tools) validation', () => {
  it('finds no errors in a PET series or its CT', () => {
    const files = [...writePetSeries(samplePetInput()), ...writeCtSeries(sampleCtInput())];
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('finds no errors in any vendor variant of the PET series', () => {
    const base = samplePetInput();
    const { weightKg: _w, ...noWeight } = base.patient;
    const variants = [
      samplePetInput({ decayCorrection: 'ADMIN' }),
      samplePetInput({ decayCorrection: 'NONE' }),
      samplePetInput({ units: 'GML' }),
      samplePetInput({
        units: 'CNTS',
        philips: { suvScaleFactor: 1e-4, activityConcentrationScaleFactor: 3 },
      }),
      samplePetInput({
        patient: noWeight,
        radiopharmaceutical: { ...base.radiopharmaceutical, writeStartDateTime: false },
      }),
    ];
    // One slice of each variant is enough: every slice goes through the same code.
    const files = variants.map((input, n) => {
      const first = writePetSeries(input)[0];
      if (!first) throw new Error('no file written');
      return { name: `variant-${n}.dcm`, bytes: first.bytes };
    });
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('is a real check: it reports an error for a file missing a required attribute', () => {
    // Sanity of the harness itself: a PET slice without Units must be flagged.
    const first = writePetSeries(samplePetInput())[0];
    if (!first) throw new Error('no file written');
    const text = Buffer.from(first.bytes);
    const at = text.indexOf(Buffer.from([0x54, 0x00, 0x01, 0x10])); // tag (0054,1001) Units, little endian
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.from(text);
    broken.writeUInt16LE(0x1099, at + 2); // turn Units into an unknown element of the same group
    expect(dciodvfyErrors([{ name: 'broken.dcm', bytes: broken }]).some((e) => e.includes('Units'))).toBe(
      true,
    );
  });
});
