import { resolve } from 'node:path';
import type { DecayCorrection, PetUnits } from '@cxcr4pet/dicom';
import {
  DEFAULT_FWHM_MM,
  DEFAULT_NOISE_COV,
  LESIONS,
  type LesionChoice,
  type PhantomOptions,
  phantomStudyFiles,
} from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { folderState, writeFolderAtomically } from '../io/index.ts';
import { parseCommandLine } from '../options.ts';

const USAGE = `usage: cxcr4pet phantom <outdir> --tracer pentixafor|fdg [options]

Writes a digital whole-body PET/CT study: <outdir>/PET/*.dcm, <outdir>/CT/*.dcm and
<outdir>/truth.json (every organ's and lesion's true SUV, Bq/ml, position, size, voxel count).

options:
  --tracer pentixafor|fdg     the tracer (required)
  --seed N                    seeds the noise and the UIDs (default 1); same seed, same bytes
  --fwhm-mm X                 PSF full width at half maximum in mm (default ${DEFAULT_FWHM_MM}; 0 = no blurring)
  --no-noise                  no noise (with --fwhm-mm 0, lesions are exact to 16-bit quantisation)
  --noise-cov X               noise coefficient of variation in liver (default ${DEFAULT_NOISE_COV})
  --dims NX,NY,NZ             grid size (default 128,128,240)
  --spacing-mm SX,SY,SZ       voxel spacing in mm (default 4,4,4)
  --decay-correction START|ADMIN|NONE   DecayCorrection of the PET files (default START)
  --units BQML|GML|CNTS       Units of the PET files (CNTS adds Philips private scale factors)
  --across-midnight           inject at 23:30, scan after midnight
  --no-injection-date         write RadiopharmaceuticalStartTime only (no StartDateTime)
  --no-weight                 leave PatientWeight out of the files
  --acquisition-delay-s S     AcquisitionTime − SeriesTime of the slices (default 0)
  --shift-mm X,Y,Z            re-position the patient on the table: translation in mm (LPS); with a
                              leading minus write --shift-mm=-6,10,-9 (likewise --rotate-deg)
  --rotate-deg A,B,C          … and rotation in degrees about the LPS x, y, z axes through the patient's
                              middle (0,0,480): R = Rz(C)·Ry(B)·Rx(A); truth.json records the pose
  --lesions NAME[:SUV],…      only these lesions (names as in truth.json), optionally with their own SUV
                              (default: all ${LESIONS.length} at the tracer's SUV)
  --force                     replace a non-empty <outdir>
`;

function parseTriple(text: string, option: string): Vec3 {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p <= 0))
    throw new UsageError(`${option} needs three positive numbers separated by commas, got '${text}'`);
  return [parts[0] as number, parts[1] as number, parts[2] as number];
}

/** `x,y,z` of any sign (a shift or angles). */
function parseSignedTriple(text: string | undefined, option: string, limit: number): Vec3 | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || Math.abs(p) > limit))
    throw new UsageError(
      `${option} needs three numbers from −${limit} to ${limit} separated by commas, got '${text}'`,
    );
  return [parts[0] as number, parts[1] as number, parts[2] as number];
}

/** `name[:suv],…` → the lesion choices; names are checked here so that the message names the option. */
function parseLesions(text: string | undefined): readonly LesionChoice[] | undefined {
  if (text === undefined) return undefined;
  const choices = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): LesionChoice => {
      const [name = '', suvText, ...rest] = part.split(':');
      if (!LESIONS.some((l) => l.name === name))
        throw new UsageError(`--lesions: '${name}' is not one of ${LESIONS.map((l) => l.name).join(', ')}`);
      if (suvText === undefined) return { name };
      const suv = suvText.trim() === '' ? Number.NaN : Number(suvText);
      if (rest.length > 0 || !Number.isFinite(suv) || suv < 0)
        throw new UsageError(`--lesions: '${part}' is not NAME or NAME:SUV with an SUV ≥ 0`);
      return { name, suv };
    });
  const names = choices.map((c) => c.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new UsageError(`--lesions: '${repeated}' is given twice`);
  return choices;
}

function parseNumber(
  text: string | undefined,
  option: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new UsageError(`${option} must be ${what}, got '${text}'`);
  return value;
}

function oneOf<T extends string>(
  text: string | undefined,
  option: string,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  const found = allowed.find((a) => a === text);
  if (found === undefined)
    throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got '${text}'`);
  return found;
}

/** Turns the command line into phantom options and the output folder. */
export function parsePhantomArgs(argv: readonly string[]): {
  readonly outdir: string;
  readonly force: boolean;
  readonly options: PhantomOptions;
} {
  const { values, positionals } = parse(argv);
  if (positionals.length !== 1) throw new UsageError(`expected one output folder, got ${positionals.length}`);
  const tracer = oneOf(values.tracer, '--tracer', ['pentixafor', 'fdg'] as const);
  if (tracer === undefined) throw new UsageError('--tracer pentixafor|fdg is required');
  const dims = values.dims === undefined ? undefined : parseTriple(values.dims, '--dims');
  if (dims?.some((d) => !Number.isInteger(d)))
    throw new UsageError(`--dims must be whole numbers, got '${values.dims}'`);
  const spacingMm =
    values['spacing-mm'] === undefined ? undefined : parseTriple(values['spacing-mm'], '--spacing-mm');
  const seed = parseNumber(
    values.seed,
    '--seed',
    (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    'a whole number from 0 to 4294967295',
  );
  const fwhmMm = parseNumber(
    values['fwhm-mm'],
    '--fwhm-mm',
    (n) => n >= 0 && n <= 50,
    'a number of mm from 0 to 50',
  );
  const noiseCov = parseNumber(
    values['noise-cov'],
    '--noise-cov',
    (n) => n >= 0 && n <= 2,
    'a number from 0 to 2',
  );
  const delay = parseNumber(
    values['acquisition-delay-s'],
    '--acquisition-delay-s',
    (n) => n >= 0 && n <= 86_400,
    'seconds from 0 to 86400',
  );
  const decayCorrection = oneOf<DecayCorrection>(values['decay-correction'], '--decay-correction', [
    'START',
    'ADMIN',
    'NONE',
  ]);
  const units = oneOf<PetUnits>(values.units, '--units', ['BQML', 'GML', 'CNTS']);
  const translationMm = parseSignedTriple(values['shift-mm'], '--shift-mm', 500);
  const rotationDeg = parseSignedTriple(values['rotate-deg'], '--rotate-deg', 180);
  const lesions = parseLesions(values.lesions);
  const options: PhantomOptions = {
    tracer,
    noise: !values['no-noise'],
    ...(seed === undefined ? {} : { seed }),
    ...(fwhmMm === undefined ? {} : { fwhmMm }),
    ...(noiseCov === undefined ? {} : { noiseCov }),
    ...(dims === undefined ? {} : { dims }),
    ...(spacingMm === undefined ? {} : { spacingMm }),
    ...(translationMm === undefined && rotationDeg === undefined
      ? {}
      : {
          pose: {
            ...(translationMm === undefined ? {} : { translationMm }),
            ...(rotationDeg === undefined ? {} : { rotationDeg }),
          },
        }),
    ...(lesions === undefined ? {} : { lesions }),
    variant: {
      ...(decayCorrection === undefined ? {} : { decayCorrection }),
      ...(units === undefined ? {} : { units }),
      ...(delay === undefined ? {} : { acquisitionDelayS: delay }),
      injectionAcrossMidnight: values['across-midnight'] === true,
      writeInjectionDate: values['no-injection-date'] !== true,
      omitWeight: values['no-weight'] === true,
    },
  };
  return { outdir: positionals[0] as string, force: values.force === true, options };
}

function parse(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      tracer: { type: 'string' },
      seed: { type: 'string' },
      'fwhm-mm': { type: 'string' },
      'no-noise': { type: 'boolean' },
      'noise-cov': { type: 'string' },
      dims: { type: 'string' },
      'spacing-mm': { type: 'string' },
      'decay-correction': { type: 'string' },
      units: { type: 'string' },
      'across-midnight': { type: 'boolean' },
      'no-injection-date': { type: 'boolean' },
      'no-weight': { type: 'boolean' },
      'acquisition-delay-s': { type: 'string' },
      'shift-mm': { type: 'string' },
      'rotate-deg': { type: 'string' },
      lesions: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
}

export const phantomCommand: Command = {
  name: 'phantom',
  summary: 'write a digital PET/CT study (DICOM) with its truth.json',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const { outdir, force, options } = parsePhantomArgs(context.argv);
    // Refuse early, before the minutes of work, if the folder is in the way.
    if (!force && (await folderState(resolve(outdir))) === 'non-empty')
      throw new UsageError(`${outdir} is not empty; use --force to replace it`);
    const { files, truth } = phantomStudyFiles(options);
    await writeFolderAtomically(outdir, files, force);
    const pet = files.filter((f) => f.path.startsWith('PET/')).length;
    const ct = files.filter((f) => f.path.startsWith('CT/')).length;
    const [nx, ny, nz] = truth.grid.dims;
    const { translationMm: t, rotationDeg: r } = truth.pose;
    const moved = [...t, ...r].some((v) => v !== 0);
    context.stdout(
      `wrote ${pet} PET and ${ct} CT slices and truth.json to ${outdir} ` +
        `(${truth.acquisition.radiopharmaceutical}, seed ${truth.seed}, ${nx}×${ny}×${nz} grid, ` +
        `PSF ${truth.psf.applied ? `${truth.psf.fwhmMm} mm` : 'off'}, noise ${truth.noise.applied ? `CoV ${truth.noise.cov}` : 'off'}, ` +
        `${truth.lesions.length} lesions` +
        `${moved ? `, patient shifted ${t.join(',')} mm and turned ${r.join(',')}°` : ''})\n`,
    );
    return 0;
  },
};
