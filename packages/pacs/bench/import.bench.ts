// Benchmark (issue 8): importing a 500-slice PET + 300-slice CT study into the store from Orthanc over
// DICOMweb on loopback (QIDO-RS + WADO-RS streamed into the store: parsed, hashed, staged, fsynced,
// indexed) against importing the same files into the store from a local folder (`cxcr4pet import
// <folder>`'s path), each into a fresh store, measured in the same run. Goal: ≤ 2×. Printed too, labelled:
// the first session's definition (WADO-RS into a folder + reading it, against reading the local folder).
// Run: node --expose-gc --import tsx packages/pacs/bench/import.bench.ts   (results: bench/RESULTS.md)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPetStudy } from '@cxcr4pet/cli/io';
import { createRecord, createSite } from '@cxcr4pet/db';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { importFromPacs, pacsSourceOf } from '@cxcr4pet/server';
import { importFolder, openStore, type Store } from '@cxcr4pet/store';
import { DicomWebClient } from '../src/dicomweb/client.ts';
import { importSeries } from '../src/import-series.ts';
import { hasOrthanc, startOrthanc } from '../src/testing/orthanc.ts';

const REPEATS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Timing {
  readonly wallMs: number;
  /** User + system CPU of this process (Orthanc's own CPU is not in it). */
  readonly cpuMs: number;
}

/** Median wall and CPU time of `task` over REPEATS runs; `prepare` (untimed) runs before each. */
async function timeIt<T>(
  prepare: () => Promise<T>,
  task: (prepared: T) => Promise<unknown>,
  repeats = REPEATS,
): Promise<Timing> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let n = 0; n < repeats; n++) {
    const prepared = await prepare();
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await task(prepared);
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(walls), cpuMs: median(cpus) };
}

if (!hasOrthanc) {
  process.stdout.write('Orthanc with its DICOMweb plugin is not installed: benchmark not run\n');
  process.exit(0);
}

const root = await mkdtemp(join(tmpdir(), 'cxcr4pet-import-bench-'));
const orthanc = await startOrthanc();
const stores: Store[] = [];
const loadBefore = loadavg()[0] ?? 0;
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
  for (const file of chosen) {
    const response = await fetch(`${orthanc.httpUrl}/instances`, { method: 'POST', body: file.bytes });
    if (!response.ok) throw new Error(`upload failed: ${response.status}`);
  }
  const client = new DicomWebClient(orthanc.dicomWebUrl);
  const [study] = await client.searchStudies({ patientId: 'PHANTOM-500' });
  if (study === undefined) throw new Error('study not found in Orthanc');
  const series = await client.searchSeries(study.studyInstanceUid);
  const source = pacsSourceOf(
    {
      nodeId: 'bench',
      name: 'bench',
      dicomWebUrl: orthanc.dicomWebUrl,
      auth: { kind: 'none' },
      secretSet: false,
      secretChangedAt: undefined,
      dimse: undefined,
      active: true,
      version: 1,
    },
    undefined,
  );

  /** A fresh store (embedded database in memory, files under a new folder) with one participant. */
  let storeCount = 0;
  const freshStore = async (): Promise<Store> => {
    for (const old of stores.splice(0)) await old.close();
    const dataDir = join(root, `store-${++storeCount}`);
    const store = await openStore(dataDir, {}, { memoryDb: true });
    stores.push(store);
    await createSite(store.db.kysely, { actor: 'bench' }, { siteId: 'S', name: 'Site' });
    await createRecord(store.db.kysely, { actor: 'bench' }, 'participant', {
      participantId: 'P-1',
      siteId: 'S',
      sex: 'female',
    });
    return store;
  };
  const request = { participantId: 'P-1', actor: 'bench', jobId: null };
  const check = (added: number) => {
    if (added !== chosen.length) throw new Error(`imported ${added} of ${chosen.length}`);
  };

  // Interleaved (local, PACS, local, PACS …) so that a change in the machine's load hits both alike.
  const localRuns: Timing[] = [];
  const pacsRuns: Timing[] = [];
  for (let round = 0; round < REPEATS; round++) {
    localRuns.push(
      await timeIt(
        freshStore,
        async (store) =>
          check((await importFolder(store, { ...request, folder: local, notDicom: 'skip' })).instancesAdded),
        1,
      ),
    );
    pacsRuns.push(
      await timeIt(
        freshStore,
        async (store) =>
          check(
            (
              await importFromPacs(store, source, {
                ...request,
                series: series.map((s) => ({
                  studyInstanceUid: s.studyInstanceUid,
                  seriesInstanceUid: s.seriesInstanceUid,
                })),
              })
            ).instancesAdded,
          ),
        1,
      ),
    );
  }
  const pick = (runs: readonly Timing[]): Timing => ({
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
  });
  const localStore = pick(localRuns);
  const pacsStore = pick(pacsRuns);
  const secondImport = await timeIt(
    async () => stores[0] as Store,
    async (store) => {
      const again = await importFromPacs(store, source, {
        ...request,
        series: series.map((s) => ({
          studyInstanceUid: s.studyInstanceUid,
          seriesInstanceUid: s.seriesInstanceUid,
        })),
      });
      if (again.instancesAdded !== 0 || again.received !== 0)
        throw new Error('a second import fetched something');
    },
  );

  // The first session's definition, kept for comparison: into a folder, then read as `analyze` reads.
  const localRead = await timeIt(
    async () => undefined,
    () => loadPetStudy(local),
  );
  const folderImportRead = await timeIt(
    async () => {
      const destination = join(root, 'imported');
      await rm(destination, { recursive: true, force: true });
      return destination;
    },
    async (destination) => {
      const result = await importSeries(client, series, destination);
      if (result.received !== chosen.length)
        throw new Error(`imported ${result.received} of ${chosen.length}`);
      await loadPetStudy(destination);
    },
  );
  for (const old of stores.splice(0)) await old.close();

  const ratio = pacsStore.wallMs / localStore.wallMs;
  const f = (t: Timing) => `${t.wallMs.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms)`;
  const rows = [
    ['store import from the local folder (importFolder)', f(localStore), '1.00×', ''],
    [
      'store import from Orthanc over DICOMweb (import-pacs job path)',
      f(pacsStore),
      `${ratio.toFixed(2)}× (CPU ${(pacsStore.cpuMs / localStore.cpuMs).toFixed(2)}×)`,
      ratio <= 2 ? 'goal ≤ 2× met' : 'goal ≤ 2× MISSED',
    ],
    ['second import from Orthanc (all stored: QIDO-RS lists only)', f(secondImport), '', ''],
    ['old definition: read the local folder (loadPetStudy)', f(localRead), '1.00×', ''],
    [
      'old definition: WADO-RS into a folder + the same read',
      f(folderImportRead),
      `${(folderImportRead.wallMs / localRead.wallMs).toFixed(2)}×`,
      '(not the goal any more)',
    ],
  ];
  process.stdout.write(
    `Import of ${chosen.length} files (500 PET + 300 CT, ${megabytes.toFixed(1)} MB) into a fresh store, median of ${REPEATS} interleaved rounds; ` +
      `load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}; CPU is this process only (Orthanc's not counted)\n\n` +
      `| what | wall (CPU) | ratio | goal |\n|---|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`,
  );
} finally {
  for (const store of stores) await store.close().catch(() => undefined);
  await orthanc.stop();
  await rm(root, { recursive: true, force: true });
}
