import { DEFAULT_MATCH_DISTANCE_MM } from '@cxcr4pet/imaging';
import type { Command } from '../../command.ts';
import { UsageError } from '../../command.ts';
import { formatLoadProgress, loadPetStudy } from '../../io/index.ts';
import { numberOption, parseCommandLine } from '../../options.ts';
import { provenance } from '../../provenance.ts';
import { ANALYSIS_OPTIONS, ANALYSIS_OPTIONS_HELP, analysisFromValues } from '../analyze/analyze-options.ts';
import { compareStudies } from './compare-studies.ts';
import { formatCompareReport } from './format-compare.ts';

export type { CompareReport } from './compare-studies.ts';

const usage = `usage: cxcr4pet compare <folderA> <folderB> [options]

Compares two PET/CT studies of one patient (FDG and Pentixafor, or two time points): registers B's CT
to A's rigidly (6 degrees of freedom), analyses both as 'analyze' does with the same options, maps A's
lesion centroids into B and pairs the lesions one-to-one (optimal assignment). Positions given with
--ref and --exclude are in A's coordinates; for B they are mapped through the registration. When A and
B have the same radiopharmaceutical, the change between them (ΔSUV %) is given per organ reference and
per pair.

options (applied to both studies):
${ANALYSIS_OPTIONS_HELP}
  --max-distance-mm <d>  farthest a lesion of A, mapped into B, may lie from its partner (default ${DEFAULT_MATCH_DISTANCE_MM})
`;

/** Turns the command line into the two folders, the shared analysis and the matching distance. */
export function parseCompareOptions(argv: readonly string[]) {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: { ...ANALYSIS_OPTIONS, 'max-distance-mm': { type: 'string' } },
  });
  if (positionals.length !== 2)
    throw new UsageError(`give the two folders to compare (A and B), got ${positionals.length}`);
  const maxDistanceMm = numberOption(
    values['max-distance-mm'],
    'max-distance-mm',
    (n) => n > 0,
    'a distance > 0 mm',
  );
  return {
    folderA: positionals[0] as string,
    folderB: positionals[1] as string,
    analysis: analysisFromValues(values),
    maxDistanceMm: maxDistanceMm ?? DEFAULT_MATCH_DISTANCE_MM,
  };
}

export const compareCommand: Command = {
  name: 'compare',
  summary:
    'register two PET/CT studies of one patient and pair their lesions (FDG ↔ Pentixafor, time points)',
  usage,
  async run(context) {
    const options = parseCompareOptions(context.argv);
    const showProgress = context.progress ?? false;
    const load = async (folder: string) => {
      const study = await loadPetStudy(folder, {
        ...options.analysis.study,
        values: options.analysis.suvKind,
        ...(showProgress ? { onProgress: (p) => context.stderr(formatLoadProgress(p)) } : {}),
      });
      return { study, folder };
    };
    const a = await load(options.folderA);
    const b = await load(options.folderB);
    if (showProgress) context.stderr(`${' '.repeat(60)}\rregistering the CTs…\r`);
    const report = compareStudies(
      a,
      b,
      { analysis: options.analysis, maxDistanceMm: options.maxDistanceMm },
      provenance(),
    );
    if (showProgress) context.stderr(`${' '.repeat(60)}\r`);
    context.stdout(
      options.analysis.json ? `${JSON.stringify(report, null, 2)}\n` : formatCompareReport(report),
    );
    return 0;
  },
};
