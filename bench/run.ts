// npm run bench [-- <name filter>]: every benchmark, each against a baseline measured in the same run;
// prints ratios. This file's own benchmark is read + SUV; each room's benchmarks (packages/*/bench/
// *.bench.ts) run after it in child processes. Record the figures in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rerunWithHugePages } from '@cxcr4pet/cli/huge-pages';
import { benchReadSuv } from './read-suv.bench.ts';

// The CLI runs with glibc asking for transparent huge pages (packages/cli/bin/huge-pages.js), so the
// benchmarks do too: every contender (fs.readFile, pydicom, scipy) runs in that same environment.
const rerunCode = await rerunWithHugePages();
if (rerunCode !== undefined) process.exit(rerunCode);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const f = (n: number, digits = 0): string => n.toFixed(digits);

log(`cxcr4pet benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
log(
  `GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? ''}; load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(', ')}`,
);

if ('read-suv'.includes(filter)) {
  const r = await benchReadSuv(log);
  const rows = [
    ['fs.readFile of the same files (limit)', `${f(r.readFileMs)} ms`, '1.00×', ''],
    [
      'cxcr4pet read + SUV',
      `${f(r.cxcr4petMs)} ms`,
      `${f(r.cxcr4petMs / r.readFileMs, 2)}× the limit`,
      r.cxcr4petMs / r.readFileMs <= 2 ? 'goal ≤ 2× met' : 'goal ≤ 2× MISSED',
    ],
    [
      'CPU time: fs.readFile → cxcr4pet (steadier under load)',
      `${f(r.readFileCpuMs)} → ${f(r.cxcr4petCpuMs)} ms`,
      `${f(r.cxcr4petCpuMs / r.readFileCpuMs, 2)}× the limit`,
      r.cxcr4petCpuMs / r.readFileCpuMs <= 2 ? 'goal ≤ 2× met' : 'goal ≤ 2× MISSED',
    ],
    [
      'fastest run of each (the quietest moment): fs.readFile → cxcr4pet',
      `${f(r.readFileFastestMs)} → ${f(r.cxcr4petFastestMs)} ms`,
      `${f(r.cxcr4petFastestMs / r.readFileFastestMs, 2)}× the limit`,
      r.cxcr4petFastestMs / r.readFileFastestMs <= 2 ? 'goal ≤ 2× met (quiet moment)' : 'goal ≤ 2× MISSED',
    ],
    [
      'floor: write one fresh float32 volume, no reading',
      `${f(r.freshVolumesMs)} ms`,
      `${f(r.freshVolumesMs / r.readFileMs, 2)}× the limit`,
      '',
    ],
    [
      'dcmjs parse only (not used)',
      `${f(r.dcmjsParseMs)} ms`,
      `${f(r.dcmjsParseMs / r.cxcr4petMs, 2)}× cxcr4pet`,
      '',
    ],
    r.pydicomMs === null
      ? [
          'pydicom + numpy',
          'NOT RUN (no python3-pydicom/numpy: bash scripts/setup.sh --bench)',
          '',
          'goal ≥ 3× not measured',
        ]
      : [
          'pydicom + numpy read + SUV',
          `${f(r.pydicomMs)} ms`,
          `cxcr4pet ${f(r.pydicomMs / r.cxcr4petMs, 2)}× faster`,
          r.pydicomMs / r.cxcr4petMs >= 3 ? 'goal ≥ 3× met' : 'goal ≥ 3× MISSED',
        ],
    r.pydicomCpuMs === null
      ? ['pydicom CPU time', 'not run', '', '']
      : [
          'CPU time: pydicom + numpy',
          `${f(r.pydicomCpuMs)} ms`,
          `cxcr4pet ${f(r.pydicomCpuMs / r.cxcr4petCpuMs, 2)}× less CPU`,
          '',
        ],
    [
      'peak memory (max RSS − Node baseline)',
      `${f(r.peakMemoryRatio * r.volumeMegabytes)} MB`,
      `${f(r.peakMemoryRatio, 2)}× the float32 volume (${f(r.volumeMegabytes)} MB)`,
      r.peakMemoryRatio <= 3 ? 'goal ≤ 3× met' : 'goal ≤ 3× MISSED',
    ],
  ];
  process.stdout.write(
    `\n## Read + SUV of a ${r.files}-slice 200×200 PET series (${f(r.megabytes, 1)} MB), median of repeats\n\n` +
      `| what | time | ratio | goal |\n|---|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`,
  );
}

const packages = join(root, 'packages');
for (const room of readdirSync(packages).sort()) {
  let files: string[] = [];
  try {
    files = readdirSync(join(packages, room, 'bench')).filter((name) => name.endsWith('.bench.ts'));
  } catch {
    continue;
  }
  for (const name of files.sort()) {
    const file = join(packages, room, 'bench', name);
    if (!relative(root, file).includes(filter)) continue;
    process.stdout.write(`\n## ${relative(root, file)}\n\n`);
    execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit', cwd: root });
  }
}
