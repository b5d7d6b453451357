import { readFile } from 'node:fs/promises';
import { deidentifyStudy, participantDateShiftDays } from '@cxcr4pet/dicom';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { folderState, listFiles, writeFolderAtomically } from '../io/index.ts';
import { numberOption, parseCommandLine } from '../options.ts';

/** The environment variable holding the project's de-identification secret (not an option: `ps` shows those). */
export const DEID_SECRET_ENV = 'CXCR4PET_DEID_SECRET';

const USAGE = `usage: cxcr4pet deid <in-folder> <out-folder> --participant <pseudonym> [options]

De-identifies every DICOM file under <in-folder> into <out-folder> (files named by their new SOP
Instance UID) with the PS3.15 Basic Application Level Confidentiality Profile and the options Retain
Longitudinal Temporal Information with Modified Dates, Retain Patient Characteristics (sex, age,
weight, height: SUV is unchanged) and Clean Descriptors. PatientName and PatientID become the
pseudonym; UIDs are remapped with the project secret (same secret → same UIDs, across exports);
private attributes are removed except the Philips PET scale factors. Files whose pixels may carry
burned-in text are listed for a human check. The secret is read from ${DEID_SECRET_ENV}.

options:
  --participant <id>       the pseudonym (e.g. CX-0042), required
  --date-shift-days=<n>    whole days added to every date, e.g. --date-shift-days=-30 (default: derived from the secret and the
                           pseudonym, between -1825 and -1, the same for every export of the participant)
  --force                  replace a non-empty <out-folder>
`;

export const deidCommand: Command = {
  name: 'deid',
  summary: 'de-identify a DICOM folder for research export (PS3.15, SUV kept)',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const { values, positionals } = parseCommandLine({
      args: [...context.argv],
      allowPositionals: true,
      strict: true,
      options: {
        participant: { type: 'string' },
        'date-shift-days': { type: 'string' },
        force: { type: 'boolean' },
      },
    });
    if (positionals.length !== 2) throw new UsageError('give the input folder and the output folder');
    const [input, output] = positionals as [string, string];
    const pseudonym = values.participant?.trim();
    if (pseudonym === undefined || pseudonym === '')
      throw new UsageError('--participant <pseudonym> is required');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(pseudonym))
      throw new UsageError(`--participant '${pseudonym}' must be 1–64 letters, digits, '.', '_' or '-'`);
    const secret = process.env[DEID_SECRET_ENV];
    if (secret === undefined || secret.length < 8)
      throw new UsageError(
        `set ${DEID_SECRET_ENV} to the project's de-identification secret (8 characters or more)`,
      );
    const dateShiftDays =
      numberOption(
        values['date-shift-days'],
        'date-shift-days',
        Number.isInteger,
        'a whole number of days',
      ) ?? participantDateShiftDays(secret, pseudonym);
    const force = values.force === true;
    if (!force && (await folderState(output)) === 'non-empty')
      throw new UsageError(`${output} is not empty; use --force to replace it`);
    const entries = await listFiles(input);
    const files = await Promise.all(
      entries.map(async (entry) => ({ name: entry.name, bytes: new Uint8Array(await readFile(entry.path)) })),
    );
    const { files: out, summary } = deidentifyStudy(files, { pseudonym, dateShiftDays, secret });
    await writeFolderAtomically(
      output,
      out.map((file) => ({ path: file.name, bytes: file.bytes })),
      force,
    );
    context.stdout(
      `de-identified ${summary.fileCount} files to ${output} (participant ${pseudonym}, dates shifted ${dateShiftDays} days)\n`,
    );
    for (const name of summary.skipped) context.stdout(`skipped ${name}: not a DICOM file\n`);
    if (summary.burnedInAnnotation.length > 0)
      context.stdout(
        `warning: ${summary.burnedInAnnotation.length} files may show burned-in text (check before release): ${summary.burnedInAnnotation.join(', ')}\n`,
      );
    if (summary.removedText.length > 0)
      context.stdout(`removed unlisted text attributes: ${summary.removedText.join(' ')}\n`);
    return 0;
  },
};
