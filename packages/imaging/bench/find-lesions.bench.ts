// Benchmark: the PERCIST lesion pipeline on a 200 × 200 × 500 whole-body volume, against the same
// pipeline in numpy + scipy.ndimage (find-lesions.py) in the same run, and against one plain pass over
// the volume (the memory-bandwidth floor). Run: npx tsx packages/imaging/bench/find-lesions.bench.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLesions, findLesionsInActivity, parseSegmentation } from '@cxcr4pet/imaging';
import { scaleVolume } from '@cxcr4pet/volume';
import { wholeBody } from './whole-body.ts';

const FACTOR = 1 / 5000; // SUV per Bq/ml, a typical size: the raw volume is in Bq/ml
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** CPU time (user + system, ms) of the last `timeMs` call: on a shared machine wall time includes waiting. */
let lastCpuMs = 0;

function timeMs(run: () => unknown): number {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return wall;
}

const body = wholeBody();
const bqml = scaleVolume(body.volume, 1 / FACTOR);
const percistReference = { kind: 'liver', centreLps: body.liverCentreLps } as const;

const node = {
  onePass: [] as number[],
  suv: [] as number[],
  find: [] as number[],
  pipeline: [] as number[],
  fused: [] as number[],
  percent: [] as number[],
};
const cpu = { onePass: [] as number[], pipeline: [] as number[], fused: [] as number[] };
let result: ReturnType<typeof findLesions> | undefined;
let fusedResult: ReturnType<typeof findLesionsInActivity> | undefined;
for (let run = 0; run <= RUNS; run++) {
  const onePass = timeMs(() => {
    let sum = 0;
    const data = bqml.data;
    for (let n = 0; n < data.length; n++) sum += data[n] as number;
    return sum;
  });
  const onePassCpu = lastCpuMs;
  let suv = bqml;
  const suvMs = timeMs(() => {
    suv = scaleVolume(bqml, FACTOR);
  });
  let pipelineCpu = lastCpuMs;
  const find = timeMs(() => {
    result = findLesions(suv, parseSegmentation('percist'), { percistReference });
  });
  pipelineCpu += lastCpuMs;
  const pipeline = suvMs + find;
  // The same pipeline as the library offers it for a Bq/ml volume: SUV conversion, threshold and the
  // foreground list in one pass, then labelling and measures (same results to the bit, tested).
  const fused = timeMs(() => {
    fusedResult = findLesionsInActivity(bqml, FACTOR, parseSegmentation('percist'), { percistReference });
  });
  const fusedCpu = lastCpuMs;
  const percent = timeMs(() => findLesions(suv, parseSegmentation('percent:41,seed:3')));
  if (run === 0) continue; // warm-up
  node.onePass.push(onePass);
  node.suv.push(suvMs);
  node.find.push(find);
  node.pipeline.push(pipeline);
  node.fused.push(fused);
  node.percent.push(percent);
  cpu.onePass.push(onePassCpu);
  cpu.pipeline.push(pipelineCpu);
  cpu.fused.push(fusedCpu);
}

const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-bench-'));
let python: {
  times: Record<string, number>;
  lesionCount: number;
  totalVolumeMl: number;
  thresholdSuv: number;
};
try {
  const raw = join(dir, 'volume.f32');
  writeFileSync(raw, new Uint8Array(bqml.data.buffer, bqml.data.byteOffset, bqml.data.byteLength));
  const script = fileURLToPath(new URL('./find-lesions.py', import.meta.url));
  const args = [script, raw, ...bqml.dims, ...bqml.spacingMm, ...body.liverCentreLps, FACTOR].map(String);
  const runs = Array.from({ length: RUNS }, () =>
    JSON.parse(execFileSync('python3', args, { encoding: 'utf8' })),
  );
  const times: Record<string, number> = {};
  for (const key of Object.keys(runs[0].times)) times[key] = median(runs.map((r) => r.times[key]));
  python = { ...runs[0], times };
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const pipeline = median(node.pipeline);
const onePass = median(node.onePass);
const pythonPipeline = python.times.pipeline ?? Number.NaN;
console.log(
  `volume ${bqml.dims.join(' × ')} (${(bqml.data.length / 1e6).toFixed(0)} M voxels), median of ${RUNS}`,
);
console.log(`one pass over the volume      ${ms(onePass)}`);
console.log(`SUV conversion                ${ms(median(node.suv))}`);
console.log(`PERCIST pipeline (cxcr4pet)   ${ms(pipeline)}  = ${(pipeline / onePass).toFixed(1)} × one pass`);
console.log(
  `  of which findLesions         ${ms(median(node.find))} (PERCIST sphere, threshold, label, measure)`,
);
const fused = median(node.fused);
console.log(
  `PERCIST pipeline, fused        ${ms(fused)}  = ${(fused / onePass).toFixed(1)} × one pass (findLesionsInActivity: SUV + threshold + foreground in one pass)`,
);
console.log(`PERCIST pipeline (scipy)      ${ms(pythonPipeline)}`);
console.log(
  `  scipy steps                 ${Object.entries(python.times)
    .map(([k, v]) => `${k} ${ms(v)}`)
    .join(', ')}`,
);
console.log(
  `ratio cxcr4pet / scipy        ${(pipeline / pythonPipeline).toFixed(2)} (fused ${(fused / pythonPipeline).toFixed(2)})`,
);
console.log(
  `goals: ≤ 1.0 × scipy ${fused / pythonPipeline <= 1 ? 'met' : 'MISSED'} (fused), ${pipeline / pythonPipeline <= 1 ? 'met' : 'MISSED'} (two steps); ` +
    `≤ 5 × one pass ${fused / onePass <= 5 ? 'met' : 'MISSED'} (fused), ${pipeline / onePass <= 5 ? 'met' : 'MISSED'} (two steps)`,
);
console.log(`percent:41,seed:3 (cxcr4pet)  ${ms(median(node.percent))}`);
console.log(
  `CPU time (medians)            one pass ${ms(median(cpu.onePass))}, two steps ${ms(median(cpu.pipeline))} (${(median(cpu.pipeline) / median(cpu.onePass)).toFixed(1)} ×), fused ${ms(median(cpu.fused))} (${(median(cpu.fused) / median(cpu.onePass)).toFixed(1)} ×)`,
);
console.log(
  `cross-check: threshold ${result?.thresholdSuv?.toFixed(4)} vs ${python.thresholdSuv.toFixed(4)}, ` +
    `lesions ${result?.totals.lesionCount} vs ${python.lesionCount}, ` +
    `volume ${result?.totals.totalVolumeMl.toFixed(2)} vs ${python.totalVolumeMl.toFixed(2)} ml; ` +
    `fused: lesions ${fusedResult?.totals.lesionCount}, volume ${fusedResult?.totals.totalVolumeMl.toFixed(2)} ml`,
);
