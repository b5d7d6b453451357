import { readFile } from 'node:fs/promises';
import {
  DicomWebClient,
  type DimseNode,
  findStudies,
  importSeries,
  moveStudy,
  startStoreScp,
  storeFiles,
} from '@cxcr4pet/pacs';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { listFiles } from '../io/index.ts';
import { numberOption, parseCommandLine } from '../options.ts';

/** Our AE title unless `--calling-ae` / `--ae` says otherwise. */
const DEFAULT_AE = 'CXCR4PET';

const PACS_USAGE = `usage: cxcr4pet pacs find|retrieve|send [options]

A PACS over DICOMweb (--url, the service root, e.g. http://pacs:8042/dicom-web) or DIMSE
(--dimse host:port --called-ae <AE>, our AE --calling-ae, default ${DEFAULT_AE}).

  find      [--patient-id <id>] [--date YYYYMMDD[-YYYYMMDD]] [--modality PT] [--json]
            studies (QIDO-RS or C-FIND)
  retrieve  --study <uid> [--modality PT,CT] --out <folder>     (DICOMweb: WADO-RS into
            <folder>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm; instances already there are not
            fetched again; 'cxcr4pet analyze <folder>' reads the result)
            --study <uid> --move-to <AE>                          (DIMSE: C-MOVE to an AE the PACS
            knows, e.g. our 'cxcr4pet scp')
  send      <file-or-folder>...                                   (STOW-RS or C-STORE), e.g. the
            SEG and SR of 'cxcr4pet analyze --seg --sr'
`;

const SCP_USAGE = `usage: cxcr4pet scp --port <n> --out <folder> [--ae <AE>] [--allow <AE>,<AE>…]

A C-STORE SCP (and C-ECHO): a modality or PACS pushes studies to us (or answers our C-MOVE).
Associations must call our AE title (default ${DEFAULT_AE}) from an allowed calling AE (--allow;
default: any); each instance is written to <out>/<StudyInstanceUID>/<SeriesInstanceUID>/
<SOPInstanceUID>.dcm (a resent instance replaces its file). Runs until interrupted (Ctrl-C).
`;

interface Target {
  readonly dicomWeb: DicomWebClient | undefined;
  readonly dimse: DimseNode | undefined;
}

function target(values: {
  url?: string | undefined;
  dimse?: string | undefined;
  'called-ae'?: string | undefined;
  'calling-ae'?: string | undefined;
}): Target {
  if ((values.url === undefined) === (values.dimse === undefined))
    throw new UsageError('give the PACS as --url <dicomweb root> or as --dimse host:port --called-ae <AE>');
  if (values.url !== undefined) {
    if (!/^https?:\/\//.test(values.url)) throw new UsageError(`--url '${values.url}' is not an http(s) URL`);
    return { dicomWeb: new DicomWebClient(values.url), dimse: undefined };
  }
  const match = /^([^:\s]+):(\d{1,5})$/.exec(values.dimse ?? '');
  if (!match) throw new UsageError(`--dimse '${values.dimse}' is not host:port`);
  if (values['called-ae'] === undefined)
    throw new UsageError('--dimse needs --called-ae <AE title of the PACS>');
  return {
    dicomWeb: undefined,
    dimse: {
      host: match[1] as string,
      port: Number(match[2]),
      calledAe: aeTitle(values['called-ae'], 'called-ae'),
      callingAe: aeTitle(values['calling-ae'] ?? DEFAULT_AE, 'calling-ae'),
    },
  };
}

function aeTitle(text: string, option: string): string {
  if (!/^[\x20-\x5b\x5d-\x7e]{1,16}$/.test(text) || text.trim() === '')
    throw new UsageError(`--${option} '${text}' is not an AE title (1–16 characters, no backslash)`);
  return text.trim();
}

/** The Part 10 files among the given files and folders (recursively); others are named in `skipped`. */
async function readInputs(paths: readonly string[]): Promise<{ files: Uint8Array[]; skipped: string[] }> {
  const files: Uint8Array[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    const entries = await listFiles(path).catch(async () => [{ path, name: path }]);
    for (const entry of entries) {
      const bytes = new Uint8Array(await readFile(entry.path));
      if (
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', 128, 132) === 'DICM'
      )
        files.push(bytes);
      else skipped.push(entry.path);
    }
  }
  return { files, skipped };
}

export const pacsCommand: Command = {
  name: 'pacs',
  summary: 'find, retrieve and send studies on a PACS (DICOMweb or DIMSE)',
  usage: PACS_USAGE,
  async run(context: CommandContext): Promise<number> {
    const [action, ...rest] = context.argv;
    const { values, positionals } = parseCommandLine({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        dimse: { type: 'string' },
        'called-ae': { type: 'string' },
        'calling-ae': { type: 'string' },
        'patient-id': { type: 'string' },
        date: { type: 'string' },
        modality: { type: 'string' },
        study: { type: 'string' },
        out: { type: 'string' },
        'move-to': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const pacs = target(values);
    if (values.date !== undefined && !/^\d{8}(-\d{8})?$/.test(values.date))
      throw new UsageError(`--date '${values.date}' is not YYYYMMDD or YYYYMMDD-YYYYMMDD`);
    switch (action) {
      case 'find': {
        const query = { patientId: values['patient-id'], studyDate: values.date, modality: values.modality };
        const studies = pacs.dicomWeb
          ? await pacs.dicomWeb.searchStudies(query)
          : await findStudies(pacs.dimse as DimseNode, query);
        if (values.json) context.stdout(`${JSON.stringify(studies, null, 2)}\n`);
        else {
          for (const s of studies)
            context.stdout(
              `${s.studyInstanceUid}  ${s.patientId}  ${s.studyDate}  ${s.modalities.join(',')}  ${s.description}\n`,
            );
          context.stdout(`${studies.length} ${studies.length === 1 ? 'study' : 'studies'}\n`);
        }
        return 0;
      }
      case 'retrieve': {
        if (values.study === undefined) throw new UsageError('retrieve needs --study <StudyInstanceUID>');
        if (pacs.dimse !== undefined) {
          if (values['move-to'] === undefined)
            throw new UsageError('retrieve over DIMSE needs --move-to <AE title>');
          const moved = await moveStudy(
            pacs.dimse,
            aeTitle(values['move-to'], 'move-to'),
            values.study,
            undefined,
            (p) => {
              if (context.progress) context.stderr(`moving: ${p.completed} done, ${p.remaining} to go\r`);
            },
          );
          context.stdout(
            `moved ${moved.completed} instances to ${values['move-to']} (${moved.failed} failed)\n`,
          );
          return moved.failed === 0 ? 0 : 1;
        }
        if (values.out === undefined) throw new UsageError('retrieve needs --out <folder>');
        const client = pacs.dicomWeb as DicomWebClient;
        const wanted = values.modality?.split(',').map((m) => m.trim().toUpperCase());
        const series = (await client.searchSeries(values.study)).filter(
          (s) => wanted === undefined || wanted.includes(s.modality),
        );
        if (series.length === 0)
          throw new UsageError(
            `study ${values.study} has no series${wanted ? ` of ${wanted.join(',')}` : ''} on ${client.baseUrl}`,
          );
        const result = await importSeries(client, series, values.out, (p) => {
          if (context.progress) context.stderr(`retrieving ${p.seriesInstanceUid}: ${p.done}/${p.total}\r`);
        });
        context.stdout(
          `retrieved ${result.received} instances of ${series.length} series to ${values.out} (${result.alreadyPresent} already there)\n`,
        );
        return 0;
      }
      case 'send': {
        if (positionals.length === 0) throw new UsageError('send needs the files or folders to send');
        const { files, skipped } = await readInputs(positionals);
        for (const path of skipped) context.stderr(`warning: skipped ${path}: not a DICOM file\n`);
        if (files.length === 0) throw new UsageError('no DICOM file to send');
        const count = pacs.dicomWeb
          ? (await pacs.dicomWeb.store(files)).length
          : await storeFiles(pacs.dimse as DimseNode, files);
        context.stdout(
          `sent ${count} instances to ${pacs.dicomWeb?.baseUrl ?? `${pacs.dimse?.calledAe}@${pacs.dimse?.host}:${pacs.dimse?.port}`}\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown action '${action ?? ''}': find, retrieve or send`);
    }
  },
};

export const scpCommand: Command = {
  name: 'scp',
  summary: 'receive studies pushed over DICOM (C-STORE SCP)',
  usage: SCP_USAGE,
  async run(context: CommandContext): Promise<number> {
    const { values } = parseCommandLine({
      args: [...context.argv],
      strict: true,
      options: {
        port: { type: 'string' },
        ae: { type: 'string' },
        allow: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const port = numberOption(
      values.port,
      'port',
      (n) => Number.isInteger(n) && n > 0 && n < 65536,
      'a TCP port (1–65535)',
    );
    if (port === undefined) throw new UsageError('--port <n> is required');
    if (values.out === undefined) throw new UsageError('--out <folder> is required');
    const ae = aeTitle(values.ae ?? DEFAULT_AE, 'ae');
    const allowed = (values.allow ?? '')
      .split(',')
      .filter((a) => a.trim() !== '')
      .map((a) => aeTitle(a, 'allow'));
    const server = await startStoreScp(
      {
        aeTitle: ae,
        allowedCallingAes: allowed,
        folder: values.out,
        onStored: (s) => context.stdout(`stored ${s.path} from ${s.callingAe}\n`),
        onRejected: (r) => context.stderr(`rejected association: ${r.reason}\n`),
      },
      port,
    );
    context.stdout(
      `listening as ${ae} on port ${port}${allowed.length > 0 ? ` for ${allowed.join(', ')}` : ''}, writing to ${values.out}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    server.close();
    return 0;
  },
};
