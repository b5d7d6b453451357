import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../io/index.ts';
import { runCli } from '../run-cli.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cxcr4pet-cli-phantom-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

// A small grid keeps each run well under a second of phantom work.
const SMALL = ['--dims', '40,32,12'];

describe('cxcr4pet phantom', () => {
  it('writes PET and CT DICOM folders and truth.json', async () => {
    const out = join(root, 'study');
    const result = await run([
      'phantom',
      out,
      '--tracer',
      'fdg',
      '--seed',
      '2',
      '--no-noise',
      '--fwhm-mm',
      '5',
      ...SMALL,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^wrote 12 PET and 12 CT slices and truth.json to .*PSF 5 mm, noise off/);
    expect(readdirSync(join(out, 'PET'))).toHaveLength(12);
    expect(readdirSync(join(out, 'CT'))).toHaveLength(12);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth).toMatchObject({
      tracer: 'fdg',
      seed: 2,
      psf: { fwhmMm: 5, applied: true },
      noise: { applied: false },
    });
    expect(truth.grid.dims).toEqual([40, 32, 12]);
    // No temporary folder is left beside the study.
    expect(readdirSync(root)).toEqual(['study']);
  });

  it('refuses a non-empty folder without --force and leaves it untouched', async () => {
    const out = join(root, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const result = await run(['phantom', out, '--tracer', 'pentixafor', ...SMALL]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/busy is not empty; use --force to replace it/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('replaces a non-empty folder with --force', async () => {
    const out = join(root, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'old.txt'), 'old');
    const result = await run(['phantom', out, '--tracer', 'pentixafor', '--force', ...SMALL]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['CT', 'PET', 'truth.json']);
    expect(readdirSync(root)).toEqual(['busy']);
  });

  it('rejects a bad tracer, a missing tracer and bad numbers with one line and exit code 2', async () => {
    for (const argv of [
      ['phantom', join(root, 'x'), '--tracer', 'fes'],
      ['phantom', join(root, 'x')],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--fwhm-mm', 'wide'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--dims', '10,10'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--units', 'SUV'],
      ['phantom', '--tracer', 'fdg'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--shift-mm', '1,2'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--rotate-deg', '0,0,400'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--lesions', 'toe-node'],
      ['phantom', join(root, 'x'), '--tracer', 'fdg', '--lesions', 'liver-lesion:hot'],
    ]) {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(join(root, 'x'))).toBe(false);
    }
  });
});

describe('cxcr4pet phantom, re-positioned', () => {
  it('writes the pose and the chosen lesions to truth.json and says so', async () => {
    const out = join(root, 'moved');
    const result = await run([
      'phantom',
      out,
      '--tracer',
      'fdg',
      '--no-noise',
      ...SMALL,
      '--shift-mm',
      '12,-8,4',
      '--rotate-deg',
      '1,0,-2',
      '--lesions',
      'liver-lesion:5,mediastinal-node',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/2 lesions, patient shifted 12,-8,4 mm and turned 1,0,-2°\)$/m);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.pose).toMatchObject({
      translationMm: [12, -8, 4],
      rotationDeg: [1, 0, -2],
      centreMm: [0, 0, 480],
    });
    expect(truth.lesions.map((l: { name: string; suv: number }) => [l.name, l.suv])).toEqual([
      ['mediastinal-node', 9],
      ['liver-lesion', 5],
    ]);
  });
});

describe('writeFolderAtomically', () => {
  it('leaves nothing behind when a write fails part-way', async () => {
    const out = join(root, 'study');
    const files = [
      { path: 'PET/a.dcm', bytes: new Uint8Array([1]) },
      { path: '../escape.txt', bytes: new Uint8Array([2]) },
    ];
    await expect(writeFolderAtomically(out, files, false)).rejects.toThrow(/would leave/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps the old folder when a forced replacement fails', async () => {
    const out = join(root, 'study');
    mkdirSync(out);
    writeFileSync(join(out, 'old.txt'), 'old');
    const files = [
      { path: 'ok.txt', bytes: new Uint8Array([1]) },
      { path: '/abs.txt', bytes: new Uint8Array([2]) },
    ];
    await expect(writeFolderAtomically(out, files, true)).rejects.toThrow(/would leave/);
    expect(readdirSync(out)).toEqual(['old.txt']);
    expect(readdirSync(root)).toEqual(['study']);
  });
});
