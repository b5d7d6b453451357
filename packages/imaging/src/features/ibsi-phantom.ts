// Test support (imported only by *.test.ts): the IBSI 1 digital phantom and its consensus reference
// values. The files are NIfTI, read with the dicom room's reader (a devDependency of imaging).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNifti } from '@cxcr4pet/dicom';
import type { Volume } from '@cxcr4pet/volume';
import { expect } from 'vitest';
import { maskFromVolume } from '../threshold.ts';
import { maskVoxels } from '../voi-statistics.ts';

const testdata = (path: string) => fileURLToPath(new URL(`../../../../testdata/${path}`, import.meta.url));
const nifti = (path: string) => readNifti(readFileSync(testdata(path)), path);

/** The phantom image (5 × 4 × 4 voxels of 2 mm) and its ROI as voxel indices. */
export function ibsiPhantom(): { readonly image: Volume; readonly roi: Int32Array } {
  const image = nifti('ibsi/digital-phantom/nifti/image/phantom.nii.gz');
  const roi = maskVoxels(maskFromVolume(nifti('ibsi/digital-phantom/nifti/mask/mask.nii.gz')));
  return { image, roi };
}

/** One 'dig. phantom' reference row: value and tolerance as IBSI states them. */
export interface ReferenceValue {
  readonly feature: string;
  readonly code: string;
  /** The aggregation for texture rows ('3D, averaged', '3D, merged', '3D' …), '' otherwise. */
  readonly aggregation: string;
  readonly value: number;
  /** IBSI's tolerance; when the table gives none, half a unit of the last printed digit (see below). */
  readonly tolerance: number;
  readonly toleranceSource: 'ibsi' | 'rounding';
}

/** Splits one CSV line, honouring double quotes. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Half a unit of the last printed digit of `text` ('2.15' → 0.005, '567' → 0.5, '1.49 × 10^3' → 5). */
function roundingTolerance(mantissa: string, exponent: number): number {
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1] ?? '').length : 0;
  return 0.5 * 10 ** (exponent - decimals);
}

/**
 * The 'dig. phantom' rows of testdata/ibsi/reference-values.csv. Texture rows carry the aggregation
 * and value in one field ("3D, merged | 2.57"). Where IBSI prints no tolerance for the phantom (its
 * values are exact up to rounding), the tolerance is half a unit of the last digit printed.
 */
export function ibsiReferenceValues(): readonly ReferenceValue[] {
  const text = readFileSync(testdata('ibsi/reference-values.csv'), 'utf8');
  const rows: ReferenceValue[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, feature = '', code = '', data = '', valueField = '', toleranceField = ''] = csvFields(line);
    if (data !== 'dig. phantom') continue;
    const parts = valueField.split('|');
    const aggregation = parts.length === 2 ? (parts[0] ?? '').trim() : '';
    let printed = (parts.length === 2 ? (parts[1] ?? '') : valueField).trim();
    let exponent = 0;
    const scientific = /^:math:`(-?[\d.]+) \\times 10\^\{(-?\d+)\}`$/.exec(printed);
    if (scientific !== null) {
      printed = scientific[1] ?? '';
      exponent = Number(scientific[2]);
    }
    const value = Number(printed) * 10 ** exponent;
    const ibsiTolerance = toleranceField.trim() === '' ? Number.NaN : Number(toleranceField);
    rows.push({
      feature,
      code,
      aggregation,
      value,
      tolerance: Number.isNaN(ibsiTolerance) ? roundingTolerance(printed, exponent) : ibsiTolerance,
      toleranceSource: Number.isNaN(ibsiTolerance) ? 'rounding' : 'ibsi',
    });
  }
  return rows;
}

/**
 * Asserts `actual` lies within the reference tolerance of the row with IBSI `code` (and aggregation,
 * for texture features); `which` picks among rows sharing a code (e.g. V10 and V90 under BC2M).
 * On failure the message prints the feature, expected, actual and tolerance.
 */
export function expectReference(code: string, actual: number, aggregation = '', which = 0): void {
  const rows = ibsiReferenceValues().filter((row) => row.code === code && row.aggregation === aggregation);
  const row = rows[which];
  if (row === undefined) throw new Error(`No 'dig. phantom' reference row for ${code} ${aggregation}.`);
  const message = `${row.feature} (${code}${aggregation === '' ? '' : `, ${aggregation}`}): expected ${row.value} ± ${row.tolerance} (${row.toleranceSource}), actual ${actual}`;
  expect(Math.abs(actual - row.value), message).toBeLessThanOrEqual(row.tolerance);
}
