import { readFileSync } from 'node:fs';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { parseCommandLine } from '../options.ts';
import type { CsvTable } from './stats/csv.ts';
import { parseCsv } from './stats/csv.ts';
import { CsvError } from './stats/csv-error.ts';
import type { StatsOptions, StatsOutput } from './stats/options.ts';
import { runCox } from './stats/run-cox.ts';
import { runKm } from './stats/run-km.ts';
import { runAccuracy, runCutpoint } from './stats/run-more.ts';
import { runFisher, runMannWhitney, runMcnemar, runSpearman, runWilcoxon } from './stats/run-paired.ts';
import { runRoc } from './stats/run-roc.ts';

const TESTS: Readonly<Record<string, (csv: CsvTable, options: StatsOptions) => StatsOutput>> = {
  km: runKm,
  cox: runCox,
  roc: runRoc,
  mcnemar: runMcnemar,
  wilcoxon: runWilcoxon,
  spearman: runSpearman,
  mannwhitney: runMannWhitney,
  fisher: runFisher,
  cutpoint: runCutpoint,
  accuracy: runAccuracy,
};

const COLUMN_OPTIONS = [
  'time',
  'event',
  'group',
  'strata',
  'covariates',
  'factors',
  'ties',
  'conf-type',
  'score',
  'score2',
  'truth',
  'a',
  'b',
  'x',
  'y',
  'value',
  'marker',
  'minprop',
  'maxprop',
  'test',
  'at',
] as const;

const usage = `usage: cxcr4pet stats <test> --csv <file> <columns> [--json]

Statistics on a CSV table (header line, comma-separated), computed as R does (survival, pROC,
maxstat, stats). Rows with a missing value (empty, NA, NaN, N/A, .) in a used column are dropped
and counted. Without --json an R-like print-out.

tests:
  km          --time T --event E [--group G] [--strata S] [--conf-type log|log-log|plain] [--at 12,24]
              Kaplan-Meier per group, median with CI (survfit), survival at --at times;
              log-rank test (survdiff, stratified by --strata) with --group
  cox         --time T --event E --covariates a,b,c [--factors b] [--ties efron|breslow] [--strata S]
              Cox model (coxph) with LR/Wald/score tests and cox.zph; non-numeric or --factors
              covariates are dummy-coded, first level as reference
  roc         --score S --truth Y [--score2 S2]
              AUC, DeLong CI, Youden threshold (pROC); DeLong's paired test of S vs S2
  mcnemar     --a A --b B          paired 0/1 outcomes: continuity-corrected and exact p
  wilcoxon    --x X --y Y          Wilcoxon signed-rank test of paired values
  spearman    --x X --y Y          Spearman's rho with cor.test's p
  mannwhitney --value V --group G  Wilcoxon rank-sum test between the two groups of G
  fisher      --a A --b B          Fisher's exact test of two 0/1 columns: p, odds ratio, exact CI
  cutpoint    --time T --event E --marker M [--minprop 0.1] [--maxprop 0.9]
              maximally selected log-rank cut-point, p by Lausen-Sauerbrei-Schumacher 1994
  accuracy    --test T --truth Y   sensitivity, specificity, PPV, NPV, accuracy, Wilson and
                                   Clopper-Pearson 95% CIs

Event, truth, test and McNemar columns must be 0/1.`;

function readTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CsvError('csv-unreadable', `cannot read ${file} (${reason}).`, { file });
  }
  return parseCsv(text, file);
}

/** `cxcr4pet stats <test> --csv <file> …`: the stats room's analyses on a CSV table. */
export const statsCommand: Command = {
  name: 'stats',
  summary:
    'Kaplan-Meier, log-rank, Cox, ROC/DeLong, cut-points and paired tests on a CSV, as R computes them',
  usage,
  async run(context: CommandContext): Promise<number> {
    const parsed = parseCommandLine({
      args: [...context.argv],
      allowPositionals: true,
      strict: true,
      options: {
        csv: { type: 'string' },
        json: { type: 'boolean' },
        ...Object.fromEntries(COLUMN_OPTIONS.map((o) => [o, { type: 'string' as const }])),
      },
    });
    const [test, ...extra] = parsed.positionals;
    if (test === undefined) throw new UsageError(`which test? one of ${Object.keys(TESTS).join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const runner = TESTS[test];
    if (!runner) throw new UsageError(`unknown test '${test}'; one of ${Object.keys(TESTS).join(', ')}`);
    const file = parsed.values.csv;
    if (typeof file !== 'string' || file === '') throw new UsageError('needs --csv <file>');
    const options: StatsOptions = Object.fromEntries(
      Object.entries(parsed.values).filter(
        (entry): entry is [string, string | boolean] => !Array.isArray(entry[1]),
      ),
    );
    const output = runner(readTable(file), options);
    context.stdout(parsed.values.json ? `${JSON.stringify(output.json, null, 2)}\n` : output.text);
    return 0;
  },
};
