import { enqueueJob, type Job, listJobs } from '@cxcr4pet/store';
import { type Command, UsageError } from '../../command.ts';
import { parseAnalyzeOptions } from '../analyze/analyze-options.ts';
import { DATA_OPTION_USAGE, parseStoreCommandLine, terminalActor, withStore } from './store-options.ts';

const usage = `usage: cxcr4pet jobs [list] [options]
       cxcr4pet jobs analyse --series <uid> [options] [-- <analyze options>]

'list' (the default) prints every job: id, kind, state, attempts, progress and the error of a failed
one. 'analyse' queues an analysis of a stored PET series with the options 'cxcr4pet analyze' takes
(checked now; e.g. -- --segment suv:4 --ref liver=0,0,100); 'cxcr4pet worker' runs it and stores
the result with its parameters, software version and input series.

options:
  --series <uid>         the PET series to analyse (SeriesInstanceUID of a stored series)
  --actor <user>         who queues the job, for the audit trail (default cli:<login name>)
${DATA_OPTION_USAGE}
`;

function formatJob(job: Job): string {
  const { phase, done, total } = job.progress;
  const progress = phase === null ? '' : ` ${phase} ${done}/${total ?? '?'}`;
  const error = job.error === null ? '' : `  ${job.error}`;
  return `${job.jobId}  ${job.kind.padEnd(14)} ${job.state.padEnd(9)} attempt ${job.attempts}/${job.maxAttempts}${progress}${error}`;
}

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list the job queue, or queue an analysis of a stored series (jobs analyse)',
  usage,
  async run(context) {
    const { values, positionals } = parseStoreCommandLine(context.argv, {
      series: { type: 'string' },
      actor: { type: 'string' },
    });
    const [action = 'list', ...analyzeArguments] = positionals;
    if (action === 'list') {
      if (analyzeArguments.length > 0) throw new UsageError(`unexpected argument '${analyzeArguments[0]}'`);
      const jobs = await withStore(values.data, (store) => listJobs(store.db.kysely));
      context.stdout(jobs.length === 0 ? 'no jobs\n' : `${jobs.map(formatJob).join('\n')}\n`);
      return 0;
    }
    if (action !== 'analyse') throw new UsageError(`the jobs action is 'list' or 'analyse', got '${action}'`);
    const series = values.series;
    if (series === undefined || series.trim() === '') throw new UsageError('--series <uid> is required');
    // The options are checked as `analyze` checks them, so that a typo fails now, not in the worker.
    parseAnalyzeOptions(['(stored series)', ...analyzeArguments]);
    const jobId = await withStore(values.data, async (store) => {
      const stored = await store.db.kysely
        .selectFrom('dicom_instance')
        .select(['modality', 'participant_id'])
        .where('series_instance_uid', '=', series)
        .executeTakeFirst();
      if (stored === undefined) throw new UsageError(`series ${series} is not stored (import it first)`);
      if (stored.modality !== 'PT') throw new UsageError(`series ${series} is ${stored.modality}, not PET`);
      return enqueueJob(store.db.kysely, {
        kind: 'analyse-series',
        payload: { seriesInstanceUid: series, arguments: analyzeArguments },
        participantId: stored.participant_id,
        createdBy: terminalActor(values.actor),
      });
    });
    context.stdout(`queued analyse-series job ${jobId} for series ${series}; 'cxcr4pet worker' runs it\n`);
    return 0;
  },
};
