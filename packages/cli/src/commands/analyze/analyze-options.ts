import type { PetStudyOptions, SuvKind } from '@cxcr4pet/dicom';
import {
  type Connectivity,
  DEFAULT_MARROW_CT,
  type ExclusionSphere,
  isOrganName,
  ORGAN_NAMES,
  type OrganPlacement,
  type PercistReference,
  parseSegmentation,
  type Segmentation,
} from '@cxcr4pet/imaging';
import { UsageError } from '../../command.ts';
import { numberOption, parseCommandLine, parseNamedPosition } from '../../options.ts';

/** The segmentation `analyze` uses when none is given: EANM's 41 % of each lesion's own SUVmax. */
export const DEFAULT_SEGMENTATION = 'percent:41';

/** How a study is analysed: what `analyze` takes but the folder and the output files (`compare` applies it to two). */
export interface AnalysisOptions {
  readonly json: boolean;
  readonly segmentationText: string;
  readonly segmentation: Segmentation;
  readonly suvKind: SuvKind;
  readonly connectivity: Connectivity;
  readonly minVolumeMl: number;
  readonly percistReference: PercistReference | undefined;
  /** Every `--ref` in the order given (organ reference spheres). */
  readonly references: readonly OrganPlacement[];
  /** Every `--exclude` sphere, removed before segmentation. */
  readonly exclusions: readonly ExclusionSphere[];
  readonly study: PetStudyOptions;
}

export interface AnalyzeOptions extends AnalysisOptions {
  readonly folder: string;
  /** `--seg <file>`: write the lesions and organ references as a DICOM SEG. */
  readonly segPath: string | undefined;
  /** `--sr <file>`: write the lesion measurements as a DICOM SR (TID 1500); needs `--seg`. */
  readonly srPath: string | undefined;
  /** `--voi` files (RTSTRUCT or NIfTI masks), in the order given. */
  readonly voiFiles: readonly string[];
  /** `--features`: IBSI features per lesion and VOI. */
  readonly features: boolean;
  /** `--marrow`: the marrow VOI from the CT with this bone threshold (HU); undefined without it. */
  readonly marrowBoneHu: number | undefined;
  /** `--regions <nifti>` label map and `--region-names <json>`. */
  readonly regionsFile: string | undefined;
  readonly regionNamesFile: string | undefined;
}

const SUV_KINDS: readonly SuvKind[] = ['bw', 'lbm', 'bsa'];

/** `--exclude name=x,y,z,radiusMm` → an exclusion sphere (name: free text without '=', e.g. bladder). */
function parseExclusion(text: string): ExclusionSphere {
  const eq = text.indexOf('=');
  const parts =
    eq <= 0
      ? []
      : text
          .slice(eq + 1)
          .split(',')
          .map((p) => p.trim());
  const values = parts.map((p) => (p === '' ? Number.NaN : Number(p)));
  if (values.length !== 4 || values.some((v) => !Number.isFinite(v)))
    throw new UsageError(`--exclude '${text}' is not of the form name=x,y,z,radiusMm (mm)`);
  const [x = 0, y = 0, z = 0, radiusMm = 0] = values;
  if (!(radiusMm > 0)) throw new UsageError(`--exclude '${text}': the radius must be > 0 mm`);
  return { name: text.slice(0, eq).trim().toLowerCase(), centreLps: [x, y, z], radiusMm };
}

export function parseAnalyzeOptions(argv: readonly string[]): AnalyzeOptions {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...ANALYSIS_OPTIONS,
      series: { type: 'string' },
      seg: { type: 'string' },
      sr: { type: 'string' },
      voi: { type: 'string', multiple: true },
      features: { type: 'boolean', default: false },
      marrow: { type: 'boolean', default: false },
      'bone-hu': { type: 'string' },
      regions: { type: 'string' },
      'region-names': { type: 'string' },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'give the folder to analyse'
        : `one folder expected, got ${positionals.length}`,
    );
  if (values.sr !== undefined && values.seg === undefined)
    throw new UsageError('--sr needs --seg: the report refers to the lesions in the SEG');
  if (values.sr !== undefined && values.sr === values.seg)
    throw new UsageError('--sr and --seg must name different files');
  return {
    folder: positionals[0] as string,
    ...analysisFromValues(values, values.series),
    segPath: values.seg,
    srPath: values.sr,
    voiFiles: values.voi ?? [],
    features: values.features,
    regionsFile: values.regions,
    regionNamesFile: values['region-names'],
    marrowBoneHu: values.marrow
      ? (numberOption(values['bone-hu'], 'bone-hu', Number.isFinite, 'a CT number in HU') ??
        DEFAULT_MARROW_CT.boneHu)
      : undefined,
  };
}

/** The values of `ANALYSIS_OPTIONS` as node's parseArgs returns them. */
export interface AnalysisValues {
  readonly json: boolean;
  readonly segment: string;
  readonly suv: string;
  readonly ref?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly connectivity?: string | undefined;
  readonly 'min-volume-ml'?: string | undefined;
  readonly 'weight-kg'?: string | undefined;
  readonly 'height-m'?: string | undefined;
  readonly 'injected-bq'?: string | undefined;
  readonly 'injection-time'?: string | undefined;
  readonly 'half-life-s'?: string | undefined;
}

/** Checks the shared analysis options and turns them into typed parameters (`series`: analyze's --series). */
export function analysisFromValues(values: AnalysisValues, series?: string): AnalysisOptions {
  const suvKind = values.suv as SuvKind;
  if (!SUV_KINDS.includes(suvKind)) throw new UsageError(`--suv '${values.suv}' is not one of bw, lbm, bsa`);
  const connectivity = numberOption(
    values.connectivity,
    'connectivity',
    (n) => [6, 18, 26].includes(n),
    '6, 18 or 26',
  );
  const minVolumeMl = numberOption(
    values['min-volume-ml'],
    'min-volume-ml',
    (n) => n >= 0,
    'a volume ≥ 0 ml',
  );

  let percistReference: PercistReference | undefined;
  const references: OrganPlacement[] = [];
  for (const text of values.ref ?? []) {
    const { name, positionMm } = parseNamedPosition(text, 'ref');
    if (!isOrganName(name))
      throw new UsageError(`--ref '${name}' is not a known reference (${ORGAN_NAMES.join(', ')})`);
    if (references.some((r) => r.organ === name)) throw new UsageError(`--ref '${name}' is given twice`);
    references.push({ organ: name, centreLps: positionMm });
    // The liver is PERCIST's reference; the blood pool is its fallback when the liver is diseased.
    if (name === 'liver' || (name === 'blood-pool' && percistReference === undefined))
      percistReference = { kind: name, centreLps: positionMm };
  }
  const exclusions = (values.exclude ?? []).map(parseExclusion);
  const positive = (n: number): boolean => n > 0;
  const study: PetStudyOptions = {
    seriesInstanceUid: series,
    weightKg: numberOption(values['weight-kg'], 'weight-kg', positive, 'a weight > 0 kg'),
    heightM: numberOption(values['height-m'], 'height-m', (n) => n > 0 && n < 3, 'a height in metres (0–3)'),
    injectedActivityBq: numberOption(values['injected-bq'], 'injected-bq', positive, 'an activity > 0 Bq'),
    injectionTime: values['injection-time'],
    halfLifeS: numberOption(values['half-life-s'], 'half-life-s', positive, 'a half-life > 0 s'),
  };
  const segmentationText = values.segment;
  return {
    json: values.json,
    segmentationText,
    segmentation: parseSegmentation(segmentationText),
    suvKind,
    connectivity: (connectivity ?? 26) as Connectivity,
    minVolumeMl: minVolumeMl ?? 0,
    percistReference,
    references,
    exclusions,
    study,
  };
}

/** The options of `analyze` that `compare` shares (node parseArgs configuration); analyze adds --series. */
export const ANALYSIS_OPTIONS = {
  json: { type: 'boolean', default: false },
  segment: { type: 'string', default: DEFAULT_SEGMENTATION },
  suv: { type: 'string', default: 'bw' },
  ref: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  connectivity: { type: 'string' },
  'min-volume-ml': { type: 'string' },
  'weight-kg': { type: 'string' },
  'height-m': { type: 'string' },
  'injected-bq': { type: 'string' },
  'injection-time': { type: 'string' },
  'half-life-s': { type: 'string' },
} as const;

/** `--help` lines of `ANALYSIS_OPTIONS`. */
export const ANALYSIS_OPTIONS_HELP = `  --segment <method>     suv:<x>        every voxel with SUV ≥ x
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
  --weight-kg <w>, --height-m <h>, --injected-bq <a>, --injection-time <t>, --half-life-s <s>
                         replace or supply facts missing from the files (t: ISO, DICOM DT or HH:MM:SS)
  --json                 print one JSON object (fields: see docs/architecture.md)`;
