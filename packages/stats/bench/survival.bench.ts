// Benchmark of the stats room's survival routines (issue 3): Cox (Efron, 5 covariates) on 1k, 10k
// and 100k synthetic rows against R's coxph on the same data in the same run (when Rscript is on
// the PATH), and Kaplan–Meier on 1M rows (target < 1 s).
// Run: node --import tsx packages/stats/bench/survival.bench.ts   (results: bench/RESULTS.md)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coxPh, kaplanMeier } from '../src/index.ts';

/** Mulberry32: a seeded generator so every run times the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

interface Cohort {
  time: number[];
  event: number[];
  x: number[][];
}

function cohort(n: number, seed: number): Cohort {
  const rand = random(seed);
  const beta = [0.5, -0.3, 0.2, 0, 0.8];
  const x = beta.map(() => new Array<number>(n).fill(0));
  const time: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < n; i++) {
    let eta = 0;
    beta.forEach((b, k) => {
      const v = k === 4 ? (rand() < 0.4 ? 1 : 0) : normal(rand);
      const column = x[k];
      if (column) column[i] = v;
      eta += b * v;
    });
    const t = -Math.log(1 - rand()) / (0.1 * Math.exp(eta));
    const c = 30 * rand();
    // Whole days: ties, as in a real follow-up table.
    time.push(Math.max(1, Math.round(Math.min(t, c) * 10)));
    event.push(t <= c ? 1 : 0);
  }
  return { time, event, x };
}

function best(runs: number, f: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    f();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

function rSeconds(file: string, runs: number): number | undefined {
  const script = `suppressMessages(library(survival)); d <- read.csv("${file}");
  t <- min(replicate(${runs}, system.time(coxph(Surv(time, event) ~ x1 + x2 + x3 + x4 + x5, data = d))[["elapsed"]]));
  cat(t)`;
  try {
    return Number(
      execFileSync('Rscript', ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  } catch {
    return undefined;
  }
}

/** Why R gives no figure: Rscript missing, or its survival package (Debian r-cran-survival). */
function rMissing(): string {
  try {
    execFileSync('Rscript', ['-e', 'library(survival)'], { stdio: 'ignore' });
    return 'R failed';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'NOT RUN: no Rscript (bash scripts/setup.sh --bench)'
      : 'NOT RUN: no R package survival (bash scripts/setup.sh --bench)';
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-bench-'));
const lines: string[] = ['| rows | cxcr4pet Cox (ms) | R coxph (ms) | ratio |', '|---:|---:|---:|---:|'];
try {
  for (const n of [1_000, 10_000, 100_000]) {
    const data = cohort(n, n);
    const input = {
      time: data.time,
      event: data.event,
      covariates: data.x.map((values, k) => ({ kind: 'numeric' as const, name: `x${k + 1}`, values })),
    };
    const runs = n >= 100_000 ? 3 : 7;
    const ms = best(runs, () => coxPh(input));
    const file = join(dir, `cox-${n}.csv`);
    const rows = data.time.map((t, i) => [t, data.event[i], ...data.x.map((c) => c[i])].join(','));
    writeFileSync(file, `time,event,x1,x2,x3,x4,x5\n${rows.join('\n')}\n`);
    const r = rSeconds(file, runs);
    const rMs = r === undefined ? undefined : r * 1000;
    lines.push(
      `| ${n} | ${ms.toFixed(1)} | ${rMs === undefined ? rMissing() : rMs.toFixed(1)} | ${rMs === undefined ? '' : (ms / rMs).toFixed(2)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true }); // the CSVs (9 MB) are only for this run
}
const million = cohort(1_000_000, 7);
const kmMs = best(3, () => kaplanMeier({ time: million.time, event: million.event }));
lines.push('', `Kaplan–Meier on 1,000,000 rows: ${kmMs.toFixed(0)} ms (target < 1000 ms)`);
console.log(lines.join('\n'));
