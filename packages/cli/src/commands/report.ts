import { join } from 'node:path';
import { makeCohort } from '@cxcr4pet/phantom';
import {
  buildStudyReport,
  count,
  datasetFromCohort,
  renderPdf,
  type StudyDataset,
  type StudyReport,
} from '@cxcr4pet/report';
import { defaultDataDir, openStore } from '@cxcr4pet/store';
import { type Command, InputError, UsageError } from '../command.ts';
import { folderState, writeFolderAtomically } from '../io/index.ts';
import { numberOption, parseCommandLine } from '../options.ts';
import { provenance } from '../provenance.ts';
import { reportFromDatabase, simulatedHazardRatio } from './report-from-store.ts';

const usage = `usage: cxcr4pet report --out <folder> [--data <dir>] [--no-pdf] [--force]
       cxcr4pet report --out <folder> --cohort-size N [--seed S] [--no-pdf] [--force]

Writes the study report — participant flow, baseline, dose and safety tables, detection (McNemar),
paired SUVmax (Wilcoxon), Spearman correlations with labs, ROC with the Youden cut-point, Kaplan–Meier
by CXCR4 uptake with numbers at risk and log-rank, Cox tables and forest plot, methods, provenance and
the stored analyses behind every imaging value — as <folder>/report.html (self-contained, inline SVG)
and <folder>/report.pdf (Debian's chromium).

The data are the study database of --data (records and stored analyses; 'cxcr4pet demo' makes one).
With --cohort-size the data are instead a synthetic cohort's records with its imaging truth (no images).

options:
  --out <folder>      where to write (required; refused when not empty unless --force)
  --data <dir>        the data folder (default $CXCR4PET_DATA or ./cxcr4pet-data; DATABASE_URL for PostgreSQL)
  --cohort-size N     report a synthetic cohort of N screened instead (no database)
  --seed S            the synthetic cohort's seed (default 1)
  --no-pdf            write the HTML only (no browser needed)
  --force             replace a non-empty <folder>
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the study report (HTML and PDF) from the study database',
  usage,
  async run(context) {
    const { values } = parseCommandLine({
      args: [...context.argv],
      options: {
        out: { type: 'string' },
        data: { type: 'string' },
        'cohort-size': { type: 'string' },
        seed: { type: 'string' },
        'no-pdf': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
    if (values.out === undefined) throw new UsageError('--out <folder> is required');
    const size = numberOption(
      values['cohort-size'],
      'cohort-size',
      (n) => Number.isInteger(n) && n >= 10 && n <= 5000,
      'a whole number from 10 to 5000',
    );
    const seed =
      numberOption(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1;
    if (size !== undefined && values.data !== undefined)
      throw new UsageError('give either --data (a study database) or --cohort-size (a synthetic cohort)');
    if (values.force !== true && (await folderState(values.out)) === 'non-empty')
      throw new UsageError(`${values.out} is not empty (use --force to replace it)`);
    let built: { dataset: StudyDataset; report: StudyReport };
    if (size !== undefined) {
      const dataset = datasetFromCohort(makeCohort({ size, seed }));
      built = { dataset, report: await buildStudyReport(dataset, provenance()) };
    } else {
      const dataDir = values.data ?? defaultDataDir();
      if (process.env.DATABASE_URL === undefined && (await folderState(join(dataDir, 'db'))) === 'absent')
        throw new InputError(
          'no-database',
          `${dataDir} holds no study database (give --data <dir>; 'cxcr4pet demo' makes one)`,
        );
      const store = await openStore(dataDir);
      try {
        built = await reportFromDatabase(store.db.kysely, store.dataDir);
      } finally {
        await store.close();
      }
    }
    const { dataset, report } = built;
    const files = [{ path: 'report.html', bytes: new TextEncoder().encode(report.html) }];
    if (values['no-pdf'] !== true) {
      context.stderr('printing the PDF with chromium …\n');
      files.push({ path: 'report.pdf', bytes: (await renderPdf(report.html)).pdf });
    }
    await writeFolderAtomically(values.out, files, values.force === true);
    const cox = report.analyses.cox.multivariable?.coefficients.find((c) => c.name === 'cxcr4High');
    const truth = simulatedHazardRatio(dataset);
    context.stdout(
      `wrote ${files.map((f) => f.path).join(' and ')} to ${values.out} (${count(report.pages, 'page')}; ${report.analyses.consort.assessed} screened, ${report.analyses.consort.enrolled} enrolled)\n` +
        (cox === undefined
          ? ''
          : `CXCR4-high hazard ratio ${cox.hr.toFixed(2)} (95 % CI ${cox.hrCi[0].toFixed(2)}–${cox.hrCi[1].toFixed(2)})${truth === undefined ? '' : `; simulated ${truth.toFixed(2)}`}\n`),
    );
    return 0;
  },
};
