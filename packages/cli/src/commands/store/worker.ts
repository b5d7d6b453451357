import { importPacsJob, sendPacsJob } from '@cxcr4pet/server';
import {
  analyseSeriesJob,
  compareSeriesJob,
  importFolderJob,
  type JobHandlers,
  newWorkerId,
  runWorker,
} from '@cxcr4pet/store';
import { type Command, UsageError } from '../../command.ts';
import { numberOption } from '../../options.ts';
import { analyseStoredSeries } from './analyse-stored-series.ts';
import { storedAnalysisAsDicom } from './analysis-dicom.ts';
import { compareStoredSeries } from './compare-stored-series.ts';
import { DATA_OPTION_USAGE, parseStoreCommandLine, withStore } from './store-options.ts';

const usage = `usage: cxcr4pet worker [options]

Runs queued jobs (import a folder or from a PACS node, send results to one, analyse a series, compare two series) one at a time until stopped (Ctrl-C / SIGTERM
finish the current job first). With DATABASE_URL several workers, on several machines sharing the
data folder, take jobs from one PostgreSQL queue; each job goes to one worker. A job left running by
a worker that died is queued again once its lease expires (immediately on the embedded database),
or failed after its last attempt.

options:
${DATA_OPTION_USAGE}
  --drain                run the jobs queued now, then exit
  --lease-s <s>          how long a job stays this worker's without a heartbeat (default 30)
  --poll-ms <ms>         how often to look for new jobs when the queue is empty (default 1000)
`;

/** Every job kind the CLI's worker runs. */
export const WORKER_HANDLERS: JobHandlers = {
  'import-folder': importFolderJob,
  'import-pacs': importPacsJob,
  'send-pacs': sendPacsJob(storedAnalysisAsDicom),
  'analyse-series': analyseSeriesJob(analyseStoredSeries),
  'compare-series': compareSeriesJob(compareStoredSeries),
};

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run queued jobs (imports, analyses) from the study database',
  usage,
  async run(context) {
    const { values, positionals } = parseStoreCommandLine(context.argv, {
      drain: { type: 'boolean', default: false },
      'lease-s': { type: 'string' },
      'poll-ms': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const leaseS = numberOption(values['lease-s'], 'lease-s', (n) => n >= 1, 'a lease ≥ 1 s') ?? 30;
    const pollMs = numberOption(values['poll-ms'], 'poll-ms', (n) => n >= 10, 'an interval ≥ 10 ms') ?? 1000;
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let failed = 0;
    try {
      await withStore(values.data, async (store) => {
        const workerId = newWorkerId();
        const where = store.embedded ? `embedded database in ${store.dataDir}` : 'PostgreSQL (DATABASE_URL)';
        const { requeued, failed: lost } = store.recovered;
        context.stderr(
          `worker ${workerId} on ${where}; recovered ${requeued} interrupted job(s), ${lost} failed\n`,
        );
        await runWorker(store, WORKER_HANDLERS, {
          workerId,
          leaseMs: leaseS * 1000,
          pollMs,
          drain: values.drain,
          signal: stop.signal,
          onJobDone: (job) => {
            if (job.state !== 'succeeded') failed++;
            const detail = job.state === 'succeeded' ? JSON.stringify(job.result) : job.error;
            context.stdout(
              `job ${job.jobId} ${job.kind} ${job.state} (attempt ${job.attempts}): ${detail}\n`,
            );
          },
        });
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return failed === 0 ? 0 : 1;
  },
};
