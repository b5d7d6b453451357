import type { Command } from '../../command.ts';
import { formatLoadProgress, loadPetStudy, writeFilesAtomically } from '../../io/index.ts';
import { provenance } from '../../provenance.ts';
import { DEFAULT_SEGMENTATION, parseAnalyzeOptions } from './analyze-options.ts';
import { analyzeStudyWithLabels } from './analyze-study.ts';
import { formatAnalyzeReport } from './format-report.ts';
import { analysisAsDicom } from './results-dicom.ts';

export { type AnalyzeReport, analyzeStudy } from './analyze-study.ts';

const usage = `usage: cxcr4pet analyze <folder> [options]

Reads every DICOM file under <folder>, picks the PET series (and the CT of its frame of reference),
converts activity to SUV and segments and measures the lesions.

options:
  --segment <method>     suv:<x>        every voxel with SUV ≥ x
                         percent:<p>    each lesion's own p % of its SUVmax, grown from local maxima
                                        (optional ,seed:<SUV> default 2.5 and ,dip:<fraction> default 0.3)
                         bgpercent:<p>  background-corrected: B + p % × (SUVmax − B) per lesion, B the mean
                                        SUV 10–20 mm outside the lesion (,gap:<mm>,width:<mm>; same
                                        ,seed and ,dip as percent)
                         percist        1.5 × liver SUVmean + 2 SD (needs --ref liver=x,y,z)
                         default ${DEFAULT_SEGMENTATION}
  --suv bw|lbm|bsa       body weight (default), lean body mass (Janmahasatian), body surface area
  --ref <organ>=x,y,z    an organ reference sphere centre in mm (patient LPS), repeatable: liver (3 cm,
                         also PERCIST's), blood-pool (1 cm), spleen (2 cm), brain (2 cm), muscle (2 cm),
                         marrow (1.5 cm); reported with mean, SD, SUVpeak, SUVmax, and each lesion's
                         target-to-background ratio SUVmax / reference mean; FDG liver mean outside
                         1.3–3.0 (EANM) gives a warning
  --exclude <name>=x,y,z,r  a sphere of radius r mm of physiological uptake (bladder, kidney, …) removed
                         before segmentation; repeatable
  --connectivity 6|18|26 voxel neighbourhood of a lesion (default 26)
  --min-volume-ml <v>    drop lesions smaller than v ml (default 0)
  --series <uid>         the PET series to use when the folder holds several
  --weight-kg <w>, --height-m <h>, --injected-bq <a>, --injection-time <t>, --half-life-s <s>
                         replace or supply facts missing from the files (t: ISO, DICOM DT or HH:MM:SS)
  --json                 print one JSON object (fields: see docs/architecture.md)
  --seg <file>           also write a DICOM SEG: one segment per lesion (SCT Lesion) and per --ref
                         sphere (the organ), referring to the PET slices
  --sr <file>            also write a DICOM SR (TID 1500 measurement report): per lesion SUVmax, SUVmean,
                         SUVpeak, volume and total lesion uptake, referring to its SEG segment (needs --seg)
`;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'read a PET/CT folder, compute SUV, segment and measure lesions',
  usage,
  async run(context) {
    const options = parseAnalyzeOptions(context.argv);
    const showProgress = context.progress ?? false;
    // Built straight in the SUV asked for: one volume instead of Bq/ml plus an SUV copy.
    const study = await loadPetStudy(options.folder, {
      ...options.study,
      values: options.suvKind,
      ...(showProgress ? { onProgress: (p) => context.stderr(formatLoadProgress(p)) } : {}),
    });
    if (showProgress) context.stderr(`${' '.repeat(60)}\r`);
    const origin = provenance();
    const { report, labels } = analyzeStudyWithLabels(study, options, origin);
    if (options.segPath !== undefined) {
      // Both objects are encoded before either file is written: an encoding error writes nothing.
      const { seg, sr } = analysisAsDicom(study, report, labels, origin, localNow());
      await writeFilesAtomically([
        { path: options.segPath, bytes: seg.bytes },
        ...(options.srPath === undefined ? [] : [{ path: options.srPath, bytes: sr.bytes }]),
      ]);
    }
    context.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnalyzeReport(report));
    return 0;
  },
};

/** The local clock now as `YYYY-MM-DDTHH:MM:SS` (the content date/time of SEG and SR). */
function localNow(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}
