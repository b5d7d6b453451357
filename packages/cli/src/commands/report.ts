import { makeCohort } from '@cxcr4pet/phantom';
import { buildStudyReport, datasetFromCohort, renderPdf } from '@cxcr4pet/report';
import { type Command, UsageError } from '../command.ts';
import { writeFolderAtomically } from '../io/index.ts';
import { numberOption, parseCommandLine } from '../options.ts';
import { provenance } from '../provenance.ts';

const usage = `usage: cxcr4pet report --out <folder> [--cohort-size N] [--seed S] [--no-pdf] [--force]

Writes the study report — participant flow, baseline, dose and safety tables, detection (McNemar),
paired SUVmax (Wilcoxon), Spearman correlations with labs, ROC with the Youden cut-point, Kaplan–Meier
by CXCR4 uptake with numbers at risk and log-rank, Cox tables and forest plot, methods and provenance —
as <folder>/report.html (self-contained, inline SVG) and <folder>/report.pdf (Debian's chromium).

For now the data are a synthetic cohort (makeCohort of the phantom room) with a stated hazard model;
once the demo pipeline lands the report reads the study database instead.

options:
  --out <folder>      where to write (required; refused when not empty unless --force)
  --cohort-size N     people screened in the synthetic cohort (default 40)
  --seed S            the cohort's seed (default 1)
  --no-pdf            write the HTML only (no browser needed)
  --force             replace a non-empty <folder>
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the study report (HTML and PDF) for a synthetic cohort',
  usage,
  async run(context) {
    const { values } = parseCommandLine({
      args: [...context.argv],
      options: {
        out: { type: 'string' },
        'cohort-size': { type: 'string' },
        seed: { type: 'string' },
        'no-pdf': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
    if (values.out === undefined) throw new UsageError('--out <folder> is required');
    const size =
      numberOption(
        values['cohort-size'],
        'cohort-size',
        (n) => Number.isInteger(n) && n >= 10 && n <= 5000,
        'a whole number from 10 to 5000',
      ) ?? 40;
    const seed =
      numberOption(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1;
    const cohort = makeCohort({ size, seed });
    const dataset = datasetFromCohort(cohort);
    const report = await buildStudyReport(dataset, provenance());
    const files = [{ path: 'report.html', bytes: new TextEncoder().encode(report.html) }];
    if (values['no-pdf'] !== true) {
      context.stderr('printing the PDF with chromium …\n');
      files.push({ path: 'report.pdf', bytes: (await renderPdf(report.html)).pdf });
    }
    await writeFolderAtomically(values.out, files, values.force === true);
    const cox = report.analyses.cox.multivariable.coefficients.find((c) => c.name === 'cxcr4High');
    const truth =
      dataset.source.kind === 'synthetic-cohort' ? Math.exp(dataset.source.trueLogHazardRatio) : Number.NaN;
    context.stdout(
      `wrote ${files.map((f) => f.path).join(' and ')} to ${values.out} (${report.pages} pages; ${report.analyses.consort.assessed} screened, ${report.analyses.consort.enrolled} enrolled)\n` +
        (cox === undefined
          ? ''
          : `CXCR4-high hazard ratio ${cox.hr.toFixed(2)} (95 % CI ${cox.hrCi[0].toFixed(2)}–${cox.hrCi[1].toFixed(2)}); simulated ${truth.toFixed(2)}\n`),
    );
    return 0;
  },
};
