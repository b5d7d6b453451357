import { describe, expect, it } from 'vitest';
import { writePetSeries } from '../write/pet-series.ts';
import { samplePetInput, sampleVolume } from '../write/sample-input.test-helper.ts';
import { readDicomInstance } from './map-instance.ts';
import { buildPetStudy } from './read-pet-study.ts';

/*
 * The room's writer (dcmjs, dciodvfy-clean) stores known values in every unit and decay
 * convention; this reader must turn them back into Bq/ml. Truth per case (v = the values written,
 * in the unit the Units attribute names):
 *   BQML                  Bq/ml = v
 *   CNTS + activity 2.5   Bq/ml = 2.5·v
 *   CNTS + SUV 5e-4       Bq/ml·bw = 5e-4·v
 *   GML                   Bq/ml·bw = v
 *   NONE (BQML)           Bq/ml = v · λD/(1 − e^−λD) · e^{λ(t_acq − t_ref)}: here t_acq = t_ref
 *                         (series and acquisition at 10:00), 68Ga λ = ln2/4062.6 s, D = 120 s →
 *                         λD = 0.020474, factor 1.010272.
 * Tolerance: the writer quantises each slice to int16 with slope = slice max / 32767, so a voxel
 * is off by at most max/65534 ≈ 1.5e-5 of the slice maximum; we allow 1e-4 of the volume maximum.
 */

const cases = [
  ['BQML', 'START', undefined, (v: number) => v, false],
  ['BQML', 'ADMIN', undefined, (v: number) => v, false],
  ['CNTS', 'START', { activityConcentrationScaleFactor: 2.5 }, (v: number) => 2.5 * v, false],
  ['CNTS', 'START', { suvScaleFactor: 5e-4 }, (v: number) => 5e-4 * v, true],
  ['GML', 'START', undefined, (v: number) => v, true],
  ['GML', 'ADMIN', undefined, (v: number) => v, true],
  ['BQML', 'NONE', undefined, (v: number) => 1.0102719 * v, false],
] as const;

describe('reading back what the writer wrote', () => {
  for (const [units, decayCorrection, philips, truth, inSuv] of cases) {
    it(`recovers ${units} ${decayCorrection}${philips ? ` ${Object.keys(philips)[0]}` : ''} values`, async () => {
      const input = samplePetInput({
        units,
        decayCorrection,
        values: sampleVolume(3, [7, 5, 4]),
        ...(philips === undefined ? {} : { philips }),
      });
      const files = writePetSeries(input);
      const study = await buildPetStudy(files.map((file) => readDicomInstance(file.bytes, file.name)));
      const scale = inSuv ? study.pet.suvScale.bw : 1;
      const expected = Array.from(input.values.data, truth);
      const limit = 1e-4 * Math.max(...expected);
      let worst = 0;
      for (const [n, value] of expected.entries())
        worst = Math.max(worst, Math.abs((study.pet.volume.data[n] ?? Number.NaN) * scale - value));
      expect(worst, `worst absolute error ${worst}, limit ${limit}`).toBeLessThanOrEqual(limit);
    });
  }
});
