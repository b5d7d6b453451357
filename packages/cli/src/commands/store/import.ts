import { importPacsJob } from '@cxcr4pet/server';
import {
  claimJob,
  enqueueJob,
  importFolderJob,
  type Job,
  type JobHandlers,
  type JobKind,
  newWorkerId,
  runJob,
} from '@cxcr4pet/store';
import { type Command, type CommandContext, UsageError } from '../../command.ts';
import { numberOption } from '../../options.ts';
import { PACS_IMPORT_OPTIONS, PACS_IMPORT_USAGE, pacsImportPayload } from './import-pacs.ts';
import { DATA_OPTION_USAGE, parseStoreCommandLine, terminalActor, withStore } from './store-options.ts';

const usage = `usage: cxcr4pet import <folder> --participant <id> [options]
       cxcr4pet import --pacs <node> --patient-id <id> --participant <id> [options]

Stores every DICOM file under <folder> for a participant: each file once, named by its SHA-256, indexed
by patient, study, series and SOP Instance UID. Importing the same files again changes nothing; a
different file with a stored SOP Instance UID is refused. Files that are not DICOM are skipped with a
warning. Runs as an import job in this process (progress on stderr); if the process dies, the next
'cxcr4pet worker' resumes the job.

options:
  --participant <id>     the participant the images belong to (must exist)
${DATA_OPTION_USAGE}
  --actor <user>         who imports, for the audit trail (default cli:<login name>)
  --lease-s <s>          how long the job stays this process's without a heartbeat (default 30); a
                         worker takes over an interrupted import after that
${PACS_IMPORT_USAGE}`;

/** A progress line for stderr: on a terminal overwritten in place, elsewhere one line per tenth. */
export function progressReporter(
  context: CommandContext,
): (job: Job, phase: string, done: number, total: number) => void {
  let lastTenth = -1;
  let lastPhase = '';
  return (_job, phase, done, total) => {
    const line = `import: ${phase} ${done}/${total} files`;
    if (context.progress === true) {
      context.stderr(`${line}\r`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((10 * done) / total);
    if (phase !== lastPhase || tenth !== lastTenth) context.stderr(`${line}\n`);
    lastPhase = phase;
    lastTenth = tenth;
  };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'store a folder of DICOM files for a participant (content-addressed, idempotent)',
  usage,
  async run(context) {
    const { values, positionals } = parseStoreCommandLine(context.argv, {
      participant: { type: 'string' },
      actor: { type: 'string' },
      'lease-s': { type: 'string' },
      ...PACS_IMPORT_OPTIONS,
    });
    const [folder, ...extra] = positionals;
    const fromPacs = values.pacs !== undefined;
    if (fromPacs && folder !== undefined)
      throw new UsageError('give either a folder or --pacs <node>, not both');
    if (!fromPacs && folder === undefined)
      throw new UsageError('give the folder to import (or --pacs <node>)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const participantId = values.participant;
    if (participantId === undefined || participantId.trim() === '')
      throw new UsageError('--participant <id> is required');
    const leaseS = numberOption(values['lease-s'], 'lease-s', (n) => n >= 1, 'a lease ≥ 1 s') ?? 30;
    const handlers: JobHandlers = { 'import-folder': importFolderJob, 'import-pacs': importPacsJob };
    const job = await withStore(values.data, async (store) => {
      const kind: JobKind = fromPacs ? 'import-pacs' : 'import-folder';
      const payload = fromPacs
        ? await pacsImportPayload(store, participantId, values)
        : { folder, participantId };
      const jobId = await enqueueJob(store.db.kysely, {
        kind,
        payload,
        createdBy: terminalActor(values.actor),
      });
      const workerId = newWorkerId();
      const claimed = await claimJob(store.db.kysely, workerId, { leaseMs: leaseS * 1000, jobId });
      if (claimed === undefined) throw new Error(`import job ${jobId} was taken by another worker`);
      return runJob(store, claimed, handlers, {
        workerId,
        leaseMs: leaseS * 1000,
        onProgress: progressReporter(context),
      });
    });
    if (context.progress === true) context.stderr(`${' '.repeat(60)}\r`);
    if (job.state !== 'succeeded') throw new Error(job.error ?? `import job ${job.jobId} ${job.state}`);
    context.stdout(formatImport(job));
    return 0;
  },
};

interface ImportResult {
  readonly participantId: string;
  readonly instancesAdded: number;
  readonly instancesAlreadyStored: number;
  readonly series: readonly {
    seriesInstanceUid: string;
    modality: string;
    seriesDescription: string;
    instances: number;
  }[];
  readonly warnings: readonly string[];
}

function formatImport(job: Job): string {
  const r = job.result as ImportResult;
  const from = job.kind === 'import-pacs' ? ` from PACS node '${String(job.payload.nodeId)}'` : '';
  const lines = [
    `imported ${r.instancesAdded} new instance${r.instancesAdded === 1 ? '' : 's'}${from} for participant ${r.participantId} (${r.instancesAlreadyStored} already stored), job ${job.jobId}`,
    ...r.series.map(
      (s) =>
        `  ${s.modality.padEnd(3)} ${String(s.instances).padStart(5)}  ${s.seriesInstanceUid}  ${s.seriesDescription}`,
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}
