import { join } from 'node:path';
import { parseSegmentation } from '@cxcr4pet/imaging';
import { type PhantomTruth, phantomStudyFiles, type TruthLesion } from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Command } from '../command.ts';
import { loadPetStudy, writeFolderAtomically } from '../io/index.ts';
import { numberOption, parseCommandLine } from '../options.ts';
import { provenance } from '../provenance.ts';
import { type AnalyzeReport, analyzeStudy } from './analyze/analyze-study.ts';
import { formatAnalyzeReport } from './analyze/format-report.ts';

const TRACERS = ['pentixafor', 'fdg'] as const;

const usage = `usage: cxcr4pet demo [--out <folder>] [--seed N]

Shows the imaging chain end to end on a digital patient: writes a 68Ga-Pentixafor and an FDG
PET/CT study (DICOM, with truth.json) under <folder>/pentixafor and <folder>/fdg, reads them back,
computes SUV, segments with PERCIST (liver reference placed in healthy liver) and prints, for each
tracer, the lesion table and which of the phantom's true lesions were found.

options:
  --out <folder>   where to write (default ./demo-output; its pentixafor/ and fdg/ are replaced)
  --seed N         seeds noise and UIDs (default 1)
`;

function distanceMm(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/**
 * A 3 cm reference sphere in healthy liver: from the liver's centre, 40 mm straight away from the
 * liver lesion (the phantom's liver is an ellipsoid of radii ≥ 60 mm, so this stays well inside).
 */
function liverReferenceMm(truth: PhantomTruth): Vec3 {
  const liver = truth.organs.find((o) => o.name === 'liver');
  if (liver === undefined) throw new Error('the phantom has no liver');
  const lesion = truth.lesions.find((l) => l.within === 'liver');
  if (lesion === undefined) return liver.centreMm;
  const away = [0, 1, 2].map((a) => (liver.centreMm[a] as number) - (lesion.centreMm[a] as number));
  const norm = Math.hypot(...away) || 1;
  return [0, 1, 2].map(
    (a) => (liver.centreMm[a] as number) + (40 * (away[a] as number)) / norm,
  ) as unknown as Vec3;
}

function detection(report: AnalyzeReport, lesions: readonly TruthLesion[]): string[] {
  return lesions.map((truth) => {
    const found = report.lesions.find((l) => distanceMm(l.suvMaxMm, truth.centreMm) <= truth.radiusMm);
    const what = `${truth.name.padEnd(20)} true SUV ${truth.suv.toFixed(1).padStart(5)}, r ${truth.radiusMm} mm`;
    return found === undefined
      ? `  ${what}: not found`
      : `  ${what}: lesion ${found.label}, SUVmax ${found.suvMax.toFixed(2)}, ${found.volumeMl.toFixed(1)} ml (true ${truth.voxelVolumeMl.toFixed(1)} ml)`;
  });
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'write a Pentixafor and an FDG phantom study and analyse both (the README main job)',
  usage,
  async run(context) {
    const { values } = parseCommandLine({
      args: [...context.argv],
      options: { out: { type: 'string' }, seed: { type: 'string' } },
    });
    const out = values.out ?? 'demo-output';
    const seed =
      numberOption(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1;
    const summary: string[] = [];
    for (const tracer of TRACERS) {
      const folder = join(out, tracer);
      context.stderr(`writing the ${tracer} phantom study to ${folder} …\n`);
      const { files, truth } = phantomStudyFiles({ tracer, seed });
      await writeFolderAtomically(folder, files, true);
      context.stderr(`analysing ${folder} …\n`);
      const study = await loadPetStudy(folder, { values: 'bw' });
      const reference = liverReferenceMm(truth);
      const report = analyzeStudy(
        study,
        {
          segmentationText: 'percist',
          segmentation: parseSegmentation('percist'),
          suvKind: 'bw',
          connectivity: 26,
          minVolumeMl: 0.5,
          percistReference: { kind: 'liver', centreLps: reference },
        },
        provenance(),
      );
      const found = detection(report, truth.lesions);
      context.stdout(
        `\n=== ${truth.acquisition.radiopharmaceutical} (${folder}) — cxcr4pet analyze ${folder} --segment percist ` +
          `--ref liver=${reference.map((x) => x.toFixed(0)).join(',')} --min-volume-ml 0.5\n\n` +
          `${formatAnalyzeReport(report)}\nthe phantom's true lesions (truth.json):\n${found.join('\n')}\n`,
      );
      const seen = found.filter((line) => !line.endsWith('not found')).length;
      summary.push(
        `${tracer.padEnd(10)} ${seen}/${truth.lesions.length} true lesions found; ${report.lesions.length - seen} other regions above the PERCIST threshold (physiological uptake: organs are not excluded yet)`,
      );
    }
    context.stdout(`\nsummary\n${summary.map((s) => `  ${s}`).join('\n')}\n`);
    return 0;
  },
};
