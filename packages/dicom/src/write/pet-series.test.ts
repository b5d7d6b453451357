import { describe, expect, it } from 'vitest';
import { writePetSeries } from './pet-series.ts';
import { num, readBack } from './read-back.test-helper.ts';
import { samplePetInput } from './sample-input.test-helper.ts';

function item(natural: Record<string, unknown>): Record<string, unknown> {
  const sequence = natural.RadiopharmaceuticalInformationSequence;
  const first: unknown = Array.isArray(sequence) ? sequence[0] : sequence;
  if (typeof first !== 'object' || first === null)
    throw new Error('no RadiopharmaceuticalInformationSequence item');
  return first as Record<string, unknown>;
}

describe('writePetSeries', () => {
  it('gives the activity back through dcmjs within half a rescale step per voxel', () => {
    const input = samplePetInput();
    const files = writePetSeries(input);
    const [nx, ny, nz] = input.values.dims;
    expect(files).toHaveLength(nz);
    for (const file of files) {
      const { natural, stored } = readBack(file.bytes);
      // Slices are located by ImagePositionPatient z (axial grid, 2 mm apart from z = 100).
      const position = natural.ImagePositionPatient as unknown[];
      const k = Math.round((Number(position[2]) - 100) / 2);
      const slope = num(natural, 'RescaleSlope');
      expect(num(natural, 'RescaleIntercept')).toBe(0);
      for (let n = 0; n < nx * ny; n++) {
        const truth = input.values.data[k * nx * ny + n] as number;
        // Bound: |stored × slope − value| ≤ slope / 2 (rounding to the nearest integer step);
        // the value itself is a float32, so no further error enters.
        expect(Math.abs((stored[n] as number) * slope - truth)).toBeLessThanOrEqual(slope / 2);
      }
    }
  });

  it('writes the PET Series and Isotope attributes a SUV reader needs', () => {
    const { natural } = readBack((writePetSeries(samplePetInput())[0] ?? { bytes: new Uint8Array() }).bytes);
    expect(natural.Modality).toBe('PT');
    expect(natural.Units).toBe('BQML');
    expect(natural.DecayCorrection).toBe('START');
    expect(natural.CorrectedImage).toEqual(['DECY', 'ATTN', 'SCAT', 'DTIM', 'RAN', 'NORM']);
    expect(natural.SeriesDate).toBe('20260316');
    expect(natural.SeriesTime).toBe('100000');
    expect(num(natural, 'PatientWeight')).toBe(70);
    expect(num(natural, 'PatientSize')).toBe(1.68);
    expect(natural.PatientSex).toBe('F');
    const rp = item(natural);
    expect(rp.Radiopharmaceutical).toBe('Ga68-Pentixafor');
    expect(num(rp, 'RadionuclideTotalDose')).toBe(150e6);
    expect(num(rp, 'RadionuclideHalfLife')).toBe(4062.6);
    expect(rp.RadiopharmaceuticalStartTime).toBe('090000');
    expect(rp.RadiopharmaceuticalStartDateTime).toBe('20260316090000');
    const code = (rp.RadionuclideCodeSequence as Record<string, unknown>[])[0];
    expect(code?.CodeValue).toBe('C-131A3');
    expect(code?.CodeMeaning).toBe('^68^Gallium');
  });

  it('writes the vendor variants: ADMIN with its decay factor, no start date-time, no weight', () => {
    const base = samplePetInput();
    const { patient } = base;
    const { weightKg: _dropped, ...patientWithoutWeight } = patient;
    const input = samplePetInput({
      decayCorrection: 'ADMIN',
      patient: patientWithoutWeight,
      radiopharmaceutical: { ...base.radiopharmaceutical, writeStartDateTime: false },
    });
    const { natural } = readBack((writePetSeries(input)[0] ?? { bytes: new Uint8Array() }).bytes);
    expect(natural.DecayCorrection).toBe('ADMIN');
    expect(natural.PatientWeight).toBeUndefined();
    expect(item(natural).RadiopharmaceuticalStartDateTime).toBeUndefined();
    expect(item(natural).RadiopharmaceuticalStartTime).toBe('090000');
    // 3600 s after injection with T½ 4062.6 s: exp(ln 2 × 3600 / 4062.6) = 1.84862…
    expect(num(natural, 'DecayFactor')).toBeCloseTo(Math.exp((Math.LN2 * 3600) / 4062.6), 9);
  });

  it('leaves DECY out of CorrectedImage and writes no DecayFactor when DecayCorrection is NONE', () => {
    const { natural } = readBack(
      (writePetSeries(samplePetInput({ decayCorrection: 'NONE' }))[0] ?? { bytes: new Uint8Array() }).bytes,
    );
    expect(natural.CorrectedImage).not.toContain('DECY');
    expect(natural.DecayFactor).toBeUndefined();
  });

  it('writes the Philips private scale factors with units CNTS', () => {
    const input = samplePetInput({
      units: 'CNTS',
      philips: { suvScaleFactor: 0.000123, activityConcentrationScaleFactor: 2.5 },
    });
    const { raw, natural } = readBack((writePetSeries(input)[0] ?? { bytes: new Uint8Array() }).bytes);
    expect(natural.Units).toBe('CNTS');
    expect(raw['70530010']?.Value).toEqual(['Philips PET Private Group']);
    expect(Number(raw['70531000']?.Value[0])).toBe(0.000123);
    expect(Number(raw['70531009']?.Value[0])).toBe(2.5);
  });

  it('refuses units CNTS without a Philips scale factor, naming the attribute', () => {
    expect(() => writePetSeries(samplePetInput({ units: 'CNTS' }))).toThrow(/Units CNTS needs a Philips/);
  });

  it('gives the same bytes for the same input and different UIDs for another series', () => {
    const a = writePetSeries(samplePetInput());
    const b = writePetSeries(samplePetInput());
    expect(a.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(
      b.map((f) => Buffer.from(f.bytes).toString('hex')),
    );
    const other = samplePetInput();
    const c = writePetSeries({ ...other, series: { ...other.series, seriesInstanceUid: '2.25.1' } });
    expect(readBack((c[0] ?? a[0] ?? { bytes: new Uint8Array() }).bytes).natural.SOPInstanceUID).not.toBe(
      readBack((a[0] ?? { bytes: new Uint8Array() }).bytes).natural.SOPInstanceUID,
    );
  });
});
