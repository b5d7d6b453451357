import { type Command, UsageError } from '../../command.ts';
import {
  formatLoadProgress,
  loadPetStudy,
  loadRegionMap,
  loadVoiFile,
  type VoiMask,
  writeFilesAtomically,
} from '../../io/index.ts';
import { provenance } from '../../provenance.ts';
import { ANALYSIS_OPTIONS_HELP, parseAnalyzeOptions } from './analyze-options.ts';
import { analyzeStudyWithLabels } from './analyze-study.ts';
import { formatAnalyzeReport } from './format-report.ts';
import { analysisAsDicom } from './results-dicom.ts';

export { type AnalyzeReport, analyzeStudy } from './analyze-study.ts';

const usage = `usage: cxcr4pet analyze <folder> [options]

Reads every DICOM file under <folder>, picks the PET series (and the CT of its frame of reference),
converts activity to SUV and segments and measures the lesions.

options:
${ANALYSIS_OPTIONS_HELP}
  --series <uid>         the PET series to use when the folder holds several
  --seg <file>           also write a DICOM SEG: one segment per lesion (SCT Lesion) and per --ref
                         sphere (the organ), referring to the PET slices
  --sr <file>            also write a DICOM SR (TID 1500 measurement report): per lesion SUVmax, SUVmean,
                         SUVpeak, volume and total lesion uptake, referring to its SEG segment (needs --seg)
  --voi <file>           a VOI from another tool, repeatable: an RTSTRUCT (one VOI per ROI; a voxel is in
                         when its centre lies inside its slice's contours, even-odd) or a NIfTI mask
                         (.nii, .nii.gz; non-zero voxels, nearest neighbour onto the PET grid); reported
                         with SUVmean, SD, min, max, SUVpeak, volume, uptake and TBR
  --features             IBSI features (codes and names) per lesion and VOI: morphology, intensity
                         statistics, histogram, IVH, GLCM, GLRLM, GLSZM (SUV bins of 0.25)
  --marrow               whole-skeleton marrow from the CT: bone ≥ --bone-hu (default 150 HU), holes of each
                         axial slice filled, one 6-connected erosion (cortex) on the CT grid, nearest
                         neighbour onto the PET; volume, uptake, SUVmean/max, focal lesions ≥ 5 mm and
                         their Durie–Salmon PLUS bin, pattern focal/diffuse/mixed/negative (needs
                         --ref liver for the pattern)
  --bone-hu <HU>         bone threshold of --marrow (default 150)
  --regions <nifti>      an anatomical label map (0 = none): each lesion gets the region holding most of
                         its voxels, and lesions are counted per region
  --region-names <json>  names of the labels, e.g. {"1": "head-neck", "2": "thorax"}
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
    const vois: VoiMask[] = [];
    for (const file of options.voiFiles)
      vois.push(...(await loadVoiFile(file, study.pet.volume, study.pet.frameOfReferenceUid)));
    if (options.regionNamesFile !== undefined && options.regionsFile === undefined)
      throw new UsageError('--region-names needs --regions <label map>');
    const regions =
      options.regionsFile === undefined
        ? undefined
        : await loadRegionMap(options.regionsFile, options.regionNamesFile, study.pet.volume);
    const { report, labels } = analyzeStudyWithLabels(study, { ...options, vois, regions }, origin);
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
export function localNow(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}
