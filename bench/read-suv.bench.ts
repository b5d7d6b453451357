import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadPetStudy } from '@cxcr4pet/cli/io';
import { suvVolume } from '@cxcr4pet/dicom';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import dcmjs from 'dcmjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIMS = [200, 200, 500] as const;
const SPACING_MM = [2.5, 2.5, 2] as const;
const REPEATS = 7;

export interface ReadSuvResult {
  readonly files: number;
  readonly megabytes: number;
  readonly readFileMs: number;
  readonly cxcr4petMs: number;
  /**
   * CPU time (ms, user + system of all threads) of the same runs: on a loaded shared machine wall time
   * includes waiting for a core, CPU time does not, so the CPU ratio is the steadier one.
   */
  readonly readFileCpuMs: number;
  readonly cxcr4petCpuMs: number;
  /** The fastest of the repeats (wall), for readFile and cxcr4pet: what a quiet moment gives. */
  readonly readFileFastestMs: number;
  readonly cxcr4petFastestMs: number;
  readonly pydicomCpuMs: number | null;
  readonly dcmjsParseMs: number;
  /** Allocating and writing two fresh float32 volumes (Bq/ml and SUV): what the output alone costs. */
  readonly freshVolumesMs: number;
  readonly pydicomMs: number | null;
  readonly peakMemoryRatio: number;
  readonly volumeMegabytes: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Wall time and CPU time (user + system, every thread of the process): the median of the repeats, and the
 * fastest repeat (the quietest moment on a shared machine).
 */
interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly fastestWallMs: number;
  readonly fastestCpuMs: number;
}

async function timeRun(task: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  globalThis.gc?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await task();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function summary(runs: readonly { wallMs: number; cpuMs: number }[]): Timing {
  const wall = runs.map((run) => run.wallMs);
  const cpu = runs.map((run) => run.cpuMs);
  return {
    wallMs: median(wall),
    cpuMs: median(cpu),
    fastestWallMs: Math.min(...wall),
    fastestCpuMs: Math.min(...cpu),
  };
}

async function timeBoth(repeats: number, task: () => Promise<unknown>): Promise<Timing> {
  const runs: { wallMs: number; cpuMs: number }[] = [];
  for (let n = 0; n < repeats; n++) runs.push(await timeRun(task));
  return summary(runs);
}

/**
 * `a` and `b` run alternately, `repeats` times each, so that both meet the same load on a machine shared
 * with other work (timed one after the other, a quiet minute could favour either).
 */
async function timeInterleaved(
  repeats: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[Timing, Timing]> {
  const runsA: { wallMs: number; cpuMs: number }[] = [];
  const runsB: { wallMs: number; cpuMs: number }[] = [];
  for (let n = 0; n < repeats; n++) {
    runsA.push(await timeRun(a));
    runsB.push(await timeRun(b));
  }
  return [summary(runsA), summary(runsB)];
}

async function timeIt(repeats: number, task: () => Promise<unknown>): Promise<number> {
  return (await timeBoth(repeats, task)).wallMs;
}

async function makeInput(folder: string): Promise<string[]> {
  const marker = join(folder, '.complete');
  if (!existsSync(marker)) {
    await rm(folder, { recursive: true, force: true });
    const { files } = phantomStudyFiles({
      tracer: 'pentixafor',
      seed: 500,
      dims: DIMS,
      spacingMm: SPACING_MM,
    });
    for (const file of files.filter((f) => f.path.startsWith('PET/'))) {
      const path = join(folder, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    await writeFile(marker, '');
  }
  const names = await readdir(join(folder, 'PET'));
  return names.map((n) => join(folder, 'PET', n));
}

/** Plain reads of every file with the loader's concurrency: the limit no reader can beat. */
async function readAll(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const data = await readFile(paths[next++] as string);
      bytes += data.byteLength;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return bytes;
}

function childMaxRss(folder: string, baseline: boolean): number {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'load-child.ts'), folder, ...(baseline ? ['--baseline'] : [])],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as { maxRssBytes: number }).maxRssBytes;
}

export async function benchReadSuv(log: (line: string) => void): Promise<ReadSuvResult> {
  const folder = join(here, '.work', 'pet-500x200x200');
  log(`making the input (${DIMS.join('×')} PET phantom) in ${folder} …`);
  const paths = await makeInput(folder);
  const bytes = await readAll(paths); // warms the page cache for every contender
  const petFolder = join(folder, 'PET');

  // The checksum is summed after the clock stops (here and in pydicom_baseline.py): it checks the
  // result, it is not part of reading.
  let suvData: Float32Array = new Float32Array(0);
  const [readFileTiming, cxcr4pet] = await timeInterleaved(
    REPEATS,
    () => readAll(paths),
    async () => {
      const study = await loadPetStudy(petFolder, { values: 'bw' });
      suvData = suvVolume(study.pet, 'bw').data;
    },
  );
  let checksum = 0;
  for (let n = 0; n < suvData.length; n++) checksum += suvData[n] as number;
  suvData = new Float32Array(0);
  // Any reader must write at least the SUV volume into fresh memory (cxcr4pet builds it directly, with the
  // SUV factor folded into the slices' slopes); on a VM where a first-touched page is expensive this alone
  // can exceed the goal, so it is shown beside it.
  const voxels = DIMS[0] * DIMS[1] * DIMS[2];
  const freshVolumesMs = await timeIt(REPEATS, async () => new Float32Array(voxels).fill(1)[0]);
  const dcmjsParseMs = await timeIt(1, async () => {
    for (const path of paths) {
      const buffer = await readFile(path);
      dcmjs.data.DicomMessage.readFile(
        buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
      );
    }
  });

  let pydicomMs: number | null = null;
  let pydicomCpuMs: number | null = null;
  try {
    const runs: number[] = [];
    const cpuRuns: number[] = [];
    for (let n = 0; n < 3; n++) {
      const out = execFileSync('/usr/bin/python3', [join(here, 'pydicom_baseline.py'), petFolder], {
        encoding: 'utf8',
      });
      const parsed = JSON.parse(out) as { seconds: number; cpuSeconds: number; sum: number };
      runs.push(parsed.seconds * 1000);
      cpuRuns.push(parsed.cpuSeconds * 1000);
      const relative = Math.abs(parsed.sum - checksum) / Math.abs(checksum);
      if (relative > 1e-4)
        log(`warning: pydicom's SUV sum differs from ours by ${relative.toExponential(2)}`);
    }
    pydicomMs = median(runs);
    pydicomCpuMs = median(cpuRuns);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(
      `pydicom baseline NOT RUN (${reason}): it needs Debian's python3-pydicom and python3-numpy ` +
        `for /usr/bin/python3 ('bash scripts/setup.sh --bench' installs them)`,
    );
  }

  const volumeBytes = DIMS[0] * DIMS[1] * DIMS[2] * 4;
  const peak = childMaxRss(petFolder, false) - childMaxRss(petFolder, true);
  return {
    files: paths.length,
    megabytes: bytes / 1e6,
    readFileMs: readFileTiming.wallMs,
    cxcr4petMs: cxcr4pet.wallMs,
    readFileCpuMs: readFileTiming.cpuMs,
    cxcr4petCpuMs: cxcr4pet.cpuMs,
    readFileFastestMs: readFileTiming.fastestWallMs,
    cxcr4petFastestMs: cxcr4pet.fastestWallMs,
    pydicomCpuMs,
    dcmjsParseMs,
    freshVolumesMs,
    pydicomMs,
    peakMemoryRatio: peak / volumeBytes,
    volumeMegabytes: volumeBytes / 1e6,
  };
}
