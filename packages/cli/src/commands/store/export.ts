import { writeExport } from '@cxcr4pet/store';
import { type Command, UsageError } from '../../command.ts';
import { provenance } from '../../provenance.ts';
import { DATA_OPTION_USAGE, parseStoreCommandLine, terminalActor, withStore } from './store-options.ts';

const usage = `usage: cxcr4pet export --out <dir> [options]

Writes the study's data for analysis: one CSV per table (each study record type with its latest
version, the stored DICOM series, the analyses and their lesions), data_dictionary.csv (type, label and
factor levels of every column), load.R (base R: reads the CSVs with those types, levels and labels
into the list 'cxcr4pet'), cxcr4pet-export.xlsx (the same tables, one sheet each) and manifest.json.
<dir> must be new or empty; nothing is written if the export fails. Every export is recorded in the
audit trail (who, full or pseudonymised, rows per table, the SHA-256 of each file).

options:
  --out <dir>            the folder to write (required)
  --pseudonymised        for statisticians: identifying tables and columns left out, participant codes
                         replaced by their pseudonyms, every date of a participant shifted by that
                         participant's own number of days (±1–182; intervals are kept)
  --actor <user>         who exports, for the audit trail (default cli:<login name>)
${DATA_OPTION_USAGE}
`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write CSV + data dictionary + R loader + XLSX (optionally pseudonymised)',
  usage,
  async run(context) {
    const { values, positionals } = parseStoreCommandLine(context.argv, {
      out: { type: 'string' },
      pseudonymised: { type: 'boolean', default: false },
      actor: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.out === undefined || values.out.trim() === '') throw new UsageError('--out <dir> is required');
    const out = values.out;
    const summary = await withStore(values.data, (store) =>
      writeExport(store, out, {
        pseudonymised: values.pseudonymised,
        software: { ...provenance() },
        actor: terminalActor(values.actor),
      }),
    );
    const kind = summary.pseudonymised ? 'pseudonymised export' : 'export';
    const lines = [
      `wrote ${kind} of ${summary.tables.length} tables to ${summary.outDir}`,
      ...summary.tables.map(
        (t) => `  ${t.name.padEnd(22)} ${String(t.rows).padStart(6)} rows  ${t.columns} columns`,
      ),
      `files: ${summary.files.join(', ')}`,
    ];
    context.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
