import {
  DEFAULT_BACKGROUND_GAP_MM,
  DEFAULT_BACKGROUND_WIDTH_MM,
  describeBackgroundPercent,
} from './background-percent.ts';
import { ImagingError } from './errors.ts';

/** Seed threshold (SUV) used by `percent:<p>` when the text names none. */
export const DEFAULT_PERCENT_SEED_SUV = 2.5;

/**
 * Minimum relative dip (0.3 = 30 % of the lower maximum) between two local maxima for `percent:<p>` to
 * keep them as two lesions, when the text names none. Chosen above the dips that voxel noise of
 * 10–15 % makes inside one lesion, and below the dips between lesions separated by background.
 */
export const DEFAULT_PERCENT_MIN_DIP = 0.3;

/**
 * How lesions are cut out of an SUV volume.
 * - `suv`: every voxel with SUV ≥ `thresholdSuv`, split into connected components.
 * - `percent`: each lesion is the part of its own catchment with SUV ≥ `percent`% of its own SUVmax,
 *   grown from local maxima with SUV ≥ `seedSuv`; two maxima stay two lesions when the saddle between
 *   them lies at least `minDipFraction` × the lower maximum below that maximum (see `percent-growth.ts`).
 * - `bgpercent`: background-corrected percent: as `percent`, but each lesion's level is
 *   B + `percent`% × (SUVmax − B) with B its local background, the mean SUV of a shell `gapMm`..`gapMm +
 *   widthMm` outside its provisional `percent`% contour (see `background-percent.ts`).
 * - `percist`: fixed threshold 1.5 × liver SUVmean + 2 SD in a 3 cm liver sphere (PERCIST 1.0,
 *   Wahl et al., J Nucl Med 2009;50:122S), or the blood-pool fallback 2 × mean + 2 SD.
 */
export type Segmentation =
  | { readonly kind: 'suv'; readonly thresholdSuv: number }
  | {
      readonly kind: 'percent';
      readonly percent: number;
      readonly seedSuv: number;
      readonly minDipFraction: number;
    }
  | {
      readonly kind: 'bgpercent';
      readonly percent: number;
      readonly seedSuv: number;
      readonly minDipFraction: number;
      readonly gapMm: number;
      readonly widthMm: number;
    }
  | { readonly kind: 'percist' };

function parseNumber(text: string, what: string, original: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new ImagingError(
      'invalid-segmentation',
      `Segmentation '${original}': ${what} '${text}' is not a number.`,
      { field: 'segment' },
    );
  }
  return value;
}

/**
 * Parses the CLI text of a segmentation: `suv:<x>` (x > 0), `percent:<p>` (0 < p < 100) with optional
 * `,seed:<SUV>` (default 2.5) and `,dip:<fraction>` (0 ≤ f < 1, default 0.3), `bgpercent:<p>` with the
 * same options and `,gap:<mm>` (default 10), `,width:<mm>` (default 10), or `percist`. Throws `ImagingError`
 * ('invalid-segmentation', field 'segment') with a one-line reason otherwise.
 */
export function parseSegmentation(text: string): Segmentation {
  const original = text;
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'percist') return { kind: 'percist' };
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const rest = colon < 0 ? '' : trimmed.slice(colon + 1);
  const fail = (reason: string): never => {
    throw new ImagingError('invalid-segmentation', `Segmentation '${original}': ${reason}.`, {
      field: 'segment',
    });
  };
  if (kind === 'suv') {
    if (colon < 0) fail("give the threshold, e.g. 'suv:2.5'");
    const thresholdSuv = parseNumber(rest, 'threshold', original);
    if (thresholdSuv <= 0) fail('the SUV threshold must be greater than 0');
    return { kind: 'suv', thresholdSuv };
  }
  if (kind === 'percent' || kind === 'bgpercent') {
    if (colon < 0) fail(`give the percentage, e.g. '${kind}:41'`);
    const [percentText = '', ...options] = rest.split(',');
    const percent = parseNumber(percentText, 'percentage', original);
    if (!(percent > 0 && percent < 100)) fail('the percentage must lie between 0 and 100 (exclusive)');
    let seedSuv = DEFAULT_PERCENT_SEED_SUV;
    let minDipFraction = DEFAULT_PERCENT_MIN_DIP;
    let gapMm = DEFAULT_BACKGROUND_GAP_MM;
    let widthMm = DEFAULT_BACKGROUND_WIDTH_MM;
    const known =
      kind === 'percent'
        ? "'seed:<SUV>', 'dip:<fraction>'"
        : "'seed:<SUV>', 'dip:<fraction>', 'gap:<mm>', 'width:<mm>'";
    for (const option of options) {
      const [key = '', value = ''] = option.split(':');
      if (key.trim() === 'seed') {
        seedSuv = parseNumber(value, 'seed SUV', original);
        if (seedSuv <= 0) fail('the seed SUV must be greater than 0');
      } else if (key.trim() === 'dip') {
        minDipFraction = parseNumber(value, 'dip fraction', original);
        if (!(minDipFraction >= 0 && minDipFraction < 1)) fail('the dip fraction must lie in [0, 1)');
      } else if (kind === 'bgpercent' && key.trim() === 'gap') {
        gapMm = parseNumber(value, 'shell gap', original);
        if (gapMm < 0) fail('the shell gap must be ≥ 0 mm');
      } else if (kind === 'bgpercent' && key.trim() === 'width') {
        widthMm = parseNumber(value, 'shell width', original);
        if (widthMm <= 0) fail('the shell width must be > 0 mm');
      } else {
        fail(`unknown option '${option}' (known: ${known})`);
      }
    }
    return kind === 'percent'
      ? { kind, percent, seedSuv, minDipFraction }
      : { kind, percent, seedSuv, minDipFraction, gapMm, widthMm };
  }
  return fail("unknown method; use 'suv:<x>', 'percent:<p>[,seed:<x>]', 'bgpercent:<p>' or 'percist'");
}

/** The canonical text of a segmentation, which `parseSegmentation` reads back to the same value. */
export function formatSegmentation(segmentation: Segmentation): string {
  switch (segmentation.kind) {
    case 'suv':
      return `suv:${segmentation.thresholdSuv}`;
    case 'percent':
      return `percent:${segmentation.percent},seed:${segmentation.seedSuv},dip:${segmentation.minDipFraction}`;
    case 'bgpercent':
      return `bgpercent:${segmentation.percent},seed:${segmentation.seedSuv},dip:${segmentation.minDipFraction},gap:${segmentation.gapMm},width:${segmentation.widthMm}`;
    case 'percist':
      return 'percist';
  }
}

/**
 * The rule of a segmentation in one sentence, as results state it (`segmentation.description` in
 * `analyze --json`): what is thresholded, at which level, and how lesions are kept apart.
 */
export function describeSegmentation(segmentation: Segmentation): string {
  switch (segmentation.kind) {
    case 'suv':
      return `every voxel with SUV ≥ ${segmentation.thresholdSuv}, split into connected lesions`;
    case 'percent':
      return (
        `per lesion, the voxels ≥ ${segmentation.percent} % of its own SUVmax connected to its maximum, grown from ` +
        `local maxima ≥ SUV ${segmentation.seedSuv} by watershed; two maxima stay apart when the saddle between them ` +
        `lies ≥ ${segmentation.minDipFraction} × the lower maximum below it`
      );
    case 'bgpercent':
      return (
        `as percent (seeds ≥ SUV ${segmentation.seedSuv}, dip ${segmentation.minDipFraction}) with a background-corrected ` +
        `level: ${describeBackgroundPercent(segmentation.percent, segmentation.gapMm, segmentation.widthMm)}`
      );
    case 'percist':
      return (
        'every voxel with SUV ≥ 1.5 × liver SUVmean + 2 SD (3 cm sphere; blood-pool fallback 2 × mean + 2 SD, ' +
        '1 cm sphere), split into connected lesions (PERCIST 1.0)'
      );
  }
}
