import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Vec3 } from '@cxcr4pet/volume';
import { UsageError } from './command.ts';

/** node's `parseArgs`, with its errors (unknown option, missing value…) turned into a `UsageError`. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A number option: undefined when absent, a UsageError naming the option when not a finite number. */
export function numberOption(
  value: string | undefined,
  option: string,
  check: (n: number) => boolean = () => true,
  rule = '',
): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(`--${option} '${value}' is not ${rule || 'a number'}`);
  return n;
}

/** A position `x,y,z` in mm (patient LPS, as DICOM and the viewer give them). */
export function parsePositionMm(text: string, option: string): Vec3 {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map((p) => (p === '' ? Number.NaN : Number(p)));
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v)))
    throw new UsageError(`--${option} '${text}' is not a position x,y,z in mm`);
  return [values[0] as number, values[1] as number, values[2] as number];
}

/** `name=x,y,z` → the name and the position. */
export function parseNamedPosition(text: string, option: string): { name: string; positionMm: Vec3 } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--${option} '${text}' is not of the form name=x,y,z (mm)`);
  return {
    name: text.slice(0, eq).trim().toLowerCase(),
    positionMm: parsePositionMm(text.slice(eq + 1), option),
  };
}
