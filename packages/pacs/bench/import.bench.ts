// Benchmark (issue 8): importing a 500-slice PET + 300-slice CT study from Orthanc over DICOMweb on
// loopback (WADO-RS into a folder, then the folder read as `analyze` reads it) against reading the same
// files from a local folder, measured in the same run. Goal: ≤ 2×.
// Run: node --expose-gc --import tsx packages/pacs/bench/import.bench.ts   (results: bench/RESULTS.md)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPetStudy } from '@cxcr4pet/cli/io';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { DicomWebClient } from '../src/dicomweb/client.ts';
import { importSeries } from '../src/import-series.ts';
import { hasOrthanc, startOrthanc } from '../src/testing/orthanc.ts';

const REPEATS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median CPU time (user + system, this process only: Orthanc's is not in it) of the last `timeIt`. */
let lastCpuMs = 0;

async function timeIt(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let n = 0; n < REPEATS; n++) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  lastCpuMs = median(cpuTimes);
  return median(times);
}

if (!hasOrthanc) {
  process.stdout.write('Orthanc with its DICOMweb plugin is not installed: benchmark not run\n');
  process.exit(0);
}

const root = await mkdtemp(join(tmpdir(), 'cxcr4pet-import-bench-'));
const orthanc = await startOrthanc();
try {
  // 500 PET slices of 200 × 200 and the first 300 CT slices of the same phantom.
  const { files } = phantomStudyFiles({
    tracer: 'pentixafor',
    seed: 500,
    dims: [200, 200, 500],
    spacingMm: [2.5, 2.5, 2],
  });
  const chosen = files.filter(
    (f) => f.path.startsWith('PET/') || (f.path.startsWith('CT/') && Number(f.path.slice(6, 10)) <= 300),
  );
  const local = join(root, 'local');
  let megabytes = 0;
  for (const file of chosen) {
    await mkdir(dirname(join(local, file.path)), { recursive: true });
    await writeFile(join(local, file.path), file.bytes);
    megabytes += file.bytes.byteLength / 1e6;
  }
  const uploadStart = performance.now();
  for (const file of chosen) {
    const response = await fetch(`${orthanc.httpUrl}/instances`, { method: 'POST', body: file.bytes });
    if (!response.ok) throw new Error(`upload failed: ${response.status}`);
  }
  const uploadMs = performance.now() - uploadStart;
  const client = new DicomWebClient(orthanc.dicomWebUrl);
  const [study] = await client.searchStudies({ patientId: 'PHANTOM-500' });
  if (study === undefined) throw new Error('study not found in Orthanc');
  const series = await client.searchSeries(study.studyInstanceUid);

  const localMs = await timeIt(() => loadPetStudy(local));
  const localCpuMs = lastCpuMs;
  let importOnly: number[] = [];
  const importMs = await timeIt(async () => {
    const destination = join(root, 'imported');
    await rm(destination, { recursive: true, force: true });
    const start = performance.now();
    const result = await importSeries(client, series, destination);
    importOnly.push(performance.now() - start);
    if (result.received !== chosen.length) throw new Error(`imported ${result.received} of ${chosen.length}`);
    await loadPetStudy(destination);
  });
  const importCpuMs = lastCpuMs;
  importOnly = [...importOnly];
  const ratio = importMs / localMs;
  const rows = [
    ['read the local folder (loadPetStudy)', `${localMs.toFixed(0)} ms`, '1.00×', ''],
    [
      'WADO-RS import into a folder + the same read',
      `${importMs.toFixed(0)} ms`,
      `${ratio.toFixed(2)}×`,
      ratio <= 2 ? 'goal ≤ 2× met' : 'goal ≤ 2× MISSED',
    ],
    [
      '  of which the WADO-RS import',
      `${median(importOnly).toFixed(0)} ms`,
      `${(median(importOnly) / localMs).toFixed(2)}×`,
      '',
    ],
    [
      'CPU time of this process (Orthanc not counted): local read → import + read',
      `${localCpuMs.toFixed(0)} → ${importCpuMs.toFixed(0)} ms`,
      `${(importCpuMs / localCpuMs).toFixed(2)}×`,
      '',
    ],
    ['(upload to Orthanc by REST, not timed above)', `${uploadMs.toFixed(0)} ms`, '', ''],
  ];
  process.stdout.write(
    `Import of ${chosen.length} files (500 PET + 300 CT, ${megabytes.toFixed(1)} MB) from Orthanc ${orthanc.dicomWebUrl.replace(/:\d+/, ':<port>')}, median of ${REPEATS}\n\n` +
      `| what | time | ratio | goal |\n|---|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`,
  );
} finally {
  await orthanc.stop();
  await rm(root, { recursive: true, force: true });
}
