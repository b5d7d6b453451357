import type { PetStudyOptions, SuvKind } from '@cxcr4pet/dicom';
import {
  type Connectivity,
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

export interface AnalyzeOptions {
  readonly folder: string;
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
  /** `--seg <file>`: write the lesions and organ references as a DICOM SEG. */
  readonly segPath: string | undefined;
  /** `--sr <file>`: write the lesion measurements as a DICOM SR (TID 1500); needs `--seg`. */
  readonly srPath: string | undefined;
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
  const { values, positionals } = parse(argv);
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'give the folder to analyse'
        : `one folder expected, got ${positionals.length}`,
    );
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
    seriesInstanceUid: values.series,
    weightKg: numberOption(values['weight-kg'], 'weight-kg', positive, 'a weight > 0 kg'),
    heightM: numberOption(values['height-m'], 'height-m', (n) => n > 0 && n < 3, 'a height in metres (0–3)'),
    injectedActivityBq: numberOption(values['injected-bq'], 'injected-bq', positive, 'an activity > 0 Bq'),
    injectionTime: values['injection-time'],
    halfLifeS: numberOption(values['half-life-s'], 'half-life-s', positive, 'a half-life > 0 s'),
  };
  const segmentationText = values.segment;
  if (values.sr !== undefined && values.seg === undefined)
    throw new UsageError('--sr needs --seg: the report refers to the lesions in the SEG');
  if (values.sr !== undefined && values.sr === values.seg)
    throw new UsageError('--sr and --seg must name different files');
  return {
    folder: positionals[0] as string,
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
    segPath: values.seg,
    srPath: values.sr,
  };
}

function parse(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      segment: { type: 'string', default: DEFAULT_SEGMENTATION },
      suv: { type: 'string', default: 'bw' },
      ref: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      connectivity: { type: 'string' },
      'min-volume-ml': { type: 'string' },
      series: { type: 'string' },
      'weight-kg': { type: 'string' },
      'height-m': { type: 'string' },
      'injected-bq': { type: 'string' },
      'injection-time': { type: 'string' },
      'half-life-s': { type: 'string' },
      seg: { type: 'string' },
      sr: { type: 'string' },
    },
  });
}
