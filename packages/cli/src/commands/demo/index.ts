import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeCohort } from '@cxcr4pet/phantom';
import { count, PdfError, renderPdf } from '@cxcr4pet/report';
import { enqueueJob, openStore, runWorker, type Store } from '@cxcr4pet/store';
import { type Command, type CommandContext, UsageError } from '../../command.ts';
import { folderState } from '../../io/index.ts';
import { numberOption, parseCommandLine } from '../../options.ts';
import {
  COHORT_MANIFEST,
  COHORT_MANIFEST_SCHEMA,
  reportFromDatabase,
  simulatedHazardRatio,
} from '../report-from-store.ts';
import { serveStudy } from '../serve.ts';
import { WORKER_HANDLERS } from '../store/worker.ts';
import { failIfAny, imageParticipant, type StoredScan } from './images.ts';
import { progressBar } from './progress-bar.ts';
import { DEMO_ANALYSIS_ARGUMENTS, DEMO_COMPARE_ARGUMENTS } from './protocol.ts';
import { DEMO_ACTOR, type DemoAdmin, seedRecords, seedSiteAndAdmin } from './seed.ts';

const usage = `usage: cxcr4pet demo [--data <dir>] [--size N] [--seed S] [--no-serve] [--port P]

The whole study from nothing: makes an embedded study database in a fresh folder with a site and an
admin (credentials printed), a synthetic cohort (screen failures for each exclusion; lymphoma incl.
marginal-zone and CNS, myeloma, CLL and AML with their per-tracer lesion patterns; labs, risk factors,
doses inside and outside the window, follow-up drawn from a stated hazard model with HR 2 for
CXCR4-high) written record by record as the server writes them, an FDG and a Pentixafor PET/CT per
enrolled participant written as DICOM and imported into the store, every scan analysed and every
participant's two scans compared by the store's jobs (progress on stderr), and the study report
(HTML and PDF) computed from the database. Then serves the web app until Ctrl-C.

options:
  --data <dir>   the new data folder (must be absent or empty; default ./cxcr4pet-demo, or
                 ./cxcr4pet-demo-2, -3, … when that one is taken)
  --size N       people screened (default 40, at least 8)
  --seed S       the cohort's seed (default 1)
  --no-serve     stop after the report
  --port P       the web app's port (default 8080; 0 picks a free one)
`;

/** Analyses of every scan and the comparison of each participant's two scans, queued as jobs and run. */
async function runAnalyses(
  store: Store,
  scans: readonly StoredScan[],
  bar: ReturnType<typeof progressBar>,
): Promise<number> {
  const db = store.db.kysely;
  for (const scan of scans)
    await enqueueJob(db, {
      kind: 'analyse-series',
      payload: { seriesInstanceUid: scan.petSeriesInstanceUid, arguments: DEMO_ANALYSIS_ARGUMENTS },
      createdBy: DEMO_ACTOR,
      participantId: scan.participantId,
    });
  const participants = [...new Set(scans.map((s) => s.participantId))];
  for (const participantId of participants) {
    const series = (tracer: string) =>
      scans.find((s) => s.participantId === participantId && s.tracer === tracer)?.petSeriesInstanceUid;
    const a = series('pentixafor');
    const b = series('fdg');
    if (a === undefined || b === undefined) continue;
    await enqueueJob(db, {
      kind: 'compare-series',
      payload: { seriesInstanceUid: a, otherSeriesInstanceUid: b, arguments: DEMO_COMPARE_ARGUMENTS },
      createdBy: DEMO_ACTOR,
      participantId,
    });
  }
  const total = scans.length + participants.length;
  let done = 0;
  bar.update('analyses', 0, total);
  const jobs = await runWorker(store, WORKER_HANDLERS, {
    drain: true,
    onJobDone: (job) => {
      const pid = (job.result as { analysisId?: string } | null)?.analysisId ?? job.jobId;
      bar.update('analyses', ++done, total, `${job.kind} ${pid.slice(0, 8)}`);
    },
  });
  bar.end();
  failIfAny(jobs);
  return jobs.length;
}

interface DemoOptions {
  readonly dataDir: string;
  readonly size: number;
  readonly seed: number;
  readonly serve: boolean;
  readonly port: number;
}

/**
 * The data folder: --data as given (it must be absent or empty), else the first of ./cxcr4pet-demo,
 * ./cxcr4pet-demo-2, … that is absent or empty, so that running `npm run demo` again starts afresh.
 */
async function dataFolder(given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const dir = resolve(given);
    if ((await folderState(dir)) === 'non-empty')
      throw new UsageError(
        `${dir} is not empty: the demo builds a new study in a fresh folder (choose another --data, or remove it)`,
      );
    return dir;
  }
  for (let n = 1; ; n++) {
    const dir = resolve(n === 1 ? 'cxcr4pet-demo' : `cxcr4pet-demo-${n}`);
    if ((await folderState(dir)) !== 'non-empty') return dir;
  }
}

function parseDemoOptions(argv: readonly string[]): Omit<DemoOptions, 'dataDir'> & { data?: string } {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      'no-serve': { type: 'boolean' },
      port: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  return {
    ...(values.data === undefined ? {} : { data: values.data }),
    size:
      numberOption(
        values.size,
        'size',
        (n) => Number.isInteger(n) && n >= 8 && n <= 2000,
        'a whole number from 8 to 2000',
      ) ?? 40,
    seed: numberOption(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1,
    serve: values['no-serve'] !== true,
    port:
      numberOption(
        values.port,
        'port',
        (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
        'a port 0-65535',
      ) ?? 8080,
  };
}

/** Runs the pipeline into an open store; returns the admin's credentials and what to print. */
async function buildStudy(store: Store, options: DemoOptions, context: CommandContext): Promise<DemoAdmin> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const bar = progressBar(context);
  const cohort = makeCohort({ size: options.size, seed: options.seed });
  const enrolled = cohort.participants.filter((p) => p.truth !== null);
  const admin = await seedSiteAndAdmin(store.db.kysely, cohort);
  const records = await seedRecords(store.db.kysely, cohort, (done, total) =>
    bar.update('records', done, total),
  );
  bar.end();
  context.stdout(
    `cohort       ${cohort.size} screened, ${count(cohort.size - enrolled.length, 'screen failure')}, ${enrolled.length} enrolled (seed ${cohort.seed}); ${count(records, 'record')} written (${elapsed()})\n`,
  );
  const scans: StoredScan[] = [];
  bar.update('images', 0, enrolled.length);
  for (const [i, p] of cohort.participants.entries()) {
    if (p.truth === null) continue;
    scans.push(...(await imageParticipant(store, cohort, i, p)));
    bar.update('images', scans.length / 2, enrolled.length, p.participantId);
  }
  bar.end();
  await rm(join(store.dataDir, 'incoming'), { recursive: true, force: true });
  const instances = await store.db.kysely
    .selectFrom('dicom_instance')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  context.stdout(
    `images       ${count(scans.length, 'PET/CT study', 'PET/CT studies')} (FDG and Pentixafor) written and imported: ${count(Number(instances.n), 'DICOM instance')} in ${store.dataDir}/dicom (${elapsed()})\n`,
  );
  const ran = await runAnalyses(store, scans, bar);
  context.stdout(
    `analyses     ${count(ran, 'job')}: ${scans.length} PET series analysed, ${count(ran - scans.length, 'FDG ↔ Pentixafor comparison')} (${elapsed()})\n`,
  );
  const manifest = { schema: COHORT_MANIFEST_SCHEMA, seed: cohort.seed, size: cohort.size };
  await writeFile(join(store.dataDir, COHORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const { dataset, report } = await reportFromDatabase(store.db.kysely, store.dataDir);
  const out = join(store.dataDir, 'report');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'report.html'), report.html);
  let pdf = 'report.pdf';
  try {
    await writeFile(join(out, 'report.pdf'), (await renderPdf(report.html)).pdf);
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
    pdf = '';
    context.stderr(`warning: no PDF: ${error.message}\n`);
  }
  const cox = report.analyses.cox.multivariable?.coefficients.find((c) => c.name === 'cxcr4High');
  const truth = simulatedHazardRatio(dataset);
  context.stdout(
    `report       ${out}/report.html${pdf === '' ? '' : ` and ${pdf}`} (${count(report.pages, 'page')}, ${count(dataset.participants.length, 'participant')} analysed) (${elapsed()})\n` +
      (cox === undefined
        ? ''
        : `             CXCR4-high hazard ratio ${cox.hr.toFixed(2)} (95 % CI ${cox.hrCi[0].toFixed(2)}–${cox.hrCi[1].toFixed(2)})${truth === undefined ? '' : `; simulated ${truth.toFixed(2)}`}\n`),
  );
  return admin;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the whole study from nothing: cohort, PET/CTs, analyses, report, web app (the README main job)',
  usage,
  async run(context) {
    const parsed = parseDemoOptions(context.argv);
    const options: DemoOptions = { ...parsed, dataDir: await dataFolder(parsed.data) };
    // Always the embedded database in the new folder, whatever DATABASE_URL says.
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const store = await openStore(options.dataDir, env);
    try {
      context.stdout(`database     PGlite in ${store.dataDir}/db\n`);
      const admin = await buildStudy(store, options, context);
      context.stdout(`admin        user '${admin.username}', password '${admin.password}'\n`);
      if (options.serve) await serveStudy(store, { port: options.port, host: '127.0.0.1' }, context);
    } finally {
      await store.close();
    }
    return 0;
  },
};
