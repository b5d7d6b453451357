// Benchmark of `cxcr4pet demo` (issue 7: a clean default run under 5 minutes on the 2-core VM): the
// whole default demo (40 screened, 33 enrolled, 66 PET/CTs) in a child process with --no-serve, timed
// by GNU time (wall, user + system CPU of the process and its children, peak RSS), its stages from its
// own output; the baseline, in the same run, is making the same 66 PET/CT studies' DICOM bytes in memory
// (phantomStudyFiles with the demo's grid and the cohort's lesions: the images any demo must make).
// Run: node --import tsx packages/cli/bench/demo.bench.ts   (results: bench/RESULTS.md)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCohort, phantomStudyFiles, type Tracer } from '@cxcr4pet/phantom';
import { DEMO_DIMS, DEMO_SPACING_MM } from '../src/commands/demo/protocol.ts';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'cxcr4pet.js');
const f = (n: number, digits = 0) => n.toFixed(digits);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(', ');

// Baseline: the images alone, in memory.
const cohort = makeCohort({ size: 40, seed: 1 });
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
let studies = 0;
for (const p of cohort.participants) {
  if (p.truth === null) continue;
  for (const tracer of ['pentixafor', 'fdg'] as const satisfies readonly Tracer[]) {
    phantomStudyFiles({
      tracer,
      seed: studies + 1,
      dims: DEMO_DIMS,
      spacingMm: DEMO_SPACING_MM,
      lesionCatalogue: p.truth.phantom.lesions,
      withoutTruthFile: true,
    });
    studies++;
  }
}
const cpu = process.cpuUsage(cpu0);
const baseline = { wallS: (performance.now() - wall0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
const loadBefore = load();

// The demo, clean: a fresh data folder, default cohort, no serving.
const data = mkdtempSync(join(tmpdir(), 'cxcr4pet-demo-bench-'));
const run = (() => {
  try {
    return spawnSync(
      '/usr/bin/time',
      ['-f', 'TIME %e %U %S %M', process.execPath, bin, 'demo', '--no-serve', '--data', join(data, 'study')],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
})();
if (run.status !== 0) throw new Error(`cxcr4pet demo failed (${run.status}): ${run.stderr.slice(-2000)}`);
const time = /^TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/m.exec(run.stderr);
if (time === null) throw new Error(`no GNU time line in: ${run.stderr.slice(-500)}`);
const demo = {
  wallS: Number(time[1]),
  cpuS: Number(time[2]) + Number(time[3]),
  peakMb: Number(time[4]) / 1024,
};
/** Elapsed seconds printed at the end of each stage line (`cohort …`, `images …`, `analyses …`, `report …`). */
const stage = (name: string) =>
  Number(new RegExp(`^${name} .*\\(([\\d.]+) s\\)$`, 'm').exec(run.stdout)?.[1]);
const [records, images, analyses, report] = ['cohort', 'images', 'analyses', 'report'].map(stage) as [
  number,
  number,
  number,
  number,
];
const rows = [
  [
    "baseline: the 66 studies' DICOM bytes in memory",
    `${f(baseline.wallS, 1)} s`,
    `${f(baseline.cpuS, 1)} s`,
    '1.00×',
    '',
  ],
  [
    'cxcr4pet demo --no-serve (default cohort)',
    `${f(demo.wallS, 1)} s`,
    `${f(demo.cpuS, 1)} s`,
    `${f(demo.cpuS / baseline.cpuS, 2)}× the baseline CPU`,
    demo.wallS < 300 ? 'goal < 5 min met' : 'goal < 5 min MISSED',
  ],
  ['  records (505, one transaction each)', `${f(records, 1)} s`, '', '', ''],
  ['  images: write + import (66 studies, 15840 files)', `${f(images - records, 1)} s`, '', '', ''],
  ['  analyses: 66 analyse-series + 33 compare-series jobs', `${f(analyses - images, 1)} s`, '', '', ''],
  ['  report: database → HTML → PDF (chromium)', `${f(report - analyses, 1)} s`, '', '', ''],
];
process.stdout.write(
  `load average before ${loadBefore}, after ${load()}; demo peak RSS ${f(demo.peakMb)} MB\n\n` +
    `| what | wall | CPU (user + system) | ratio | goal |\n|---|---|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\n` +
    `${run.stdout
      .split('\n')
      .filter((l) => /^(cohort|images|analyses|report) /.test(l) || l.includes('hazard ratio'))
      .join('\n')}\n`,
);
