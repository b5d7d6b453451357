// Test support (not a test): writes phantom studies to temporary folders and runs `analyze` on them.
// Shared by round-trip.test.ts and organs.test.ts.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type PhantomOptions,
  type PhantomTruth,
  phantomStudyFiles,
  type TruthLesion,
} from '@cxcr4pet/phantom';
import { expect } from 'vitest';
import { cli } from '../../test-support.ts';
import type { AnalyzeReport } from './analyze-study.ts';

const folders: string[] = [];

/** Removes every folder `writeStudy` wrote (call from `afterAll`). */
export async function removeWrittenStudies(): Promise<void> {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
}

const written = new Map<string, Promise<{ folder: string; truth: PhantomTruth }>>();

/** Writes each phantom study once per test file (several tests read the same one). */
export function writeStudy(options: PhantomOptions): Promise<{ folder: string; truth: PhantomTruth }> {
  const key = JSON.stringify(options);
  let study = written.get(key);
  if (study === undefined) {
    study = writeStudyFiles(options);
    written.set(key, study);
  }
  return study;
}

async function writeStudyFiles(options: PhantomOptions): Promise<{ folder: string; truth: PhantomTruth }> {
  const folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-roundtrip-'));
  folders.push(folder);
  const { files, truth } = phantomStudyFiles(options);
  for (const file of files) {
    await mkdir(dirname(join(folder, file.path)), { recursive: true });
    await writeFile(join(folder, file.path), file.bytes);
  }
  return { folder, truth };
}

/** Runs `cxcr4pet analyze <folder> --json …` in-process; expects success and parses the report. */
export async function analyze(folder: string, ...options: string[]): Promise<AnalyzeReport> {
  const result = await cli('analyze', folder, '--json', ...options);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as AnalyzeReport;
}

export function distanceMm(a: readonly number[], b: readonly number[]): number {
  return Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));
}

/** The found lesion whose SUVmax voxel lies inside the true sphere (at most one may). */
export function matchLesion(report: AnalyzeReport, truth: TruthLesion) {
  const inside = report.lesions.filter((l) => distanceMm(l.suvMaxMm, truth.centreMm) <= truth.radiusMm);
  expect(inside.length, `lesions found inside ${truth.name}`).toBeLessThanOrEqual(1);
  return inside[0];
}

/**
 * Largest SUV error the 16-bit storage can make: the writer stores round(value / slope) with a slope per
 * slice of (slice maximum / 32767), so a voxel is off by at most half a slope, i.e. (highest true SUV of
 * the phantom) / 65534; float32 arithmetic adds ~1e-7 relative.
 */
export function quantisationSuv(truth: PhantomTruth, value: number): number {
  const highest = Math.max(...truth.organs.map((o) => o.suv), ...truth.lesions.map((l) => l.suv));
  return highest / 65534 + 1e-6 * value;
}
