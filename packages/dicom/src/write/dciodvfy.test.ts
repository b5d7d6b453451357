import { describe, expect, it } from 'vitest';
import { dciodvfyErrors, hasDciodvfy } from '../testing/dciodvfy.ts';
import { writeCtSeries } from './ct-series.ts';
import { writePetSeries } from './pet-series.ts';
import { sampleCtInput, samplePetInput } from './sample-input.test-helper.ts';

describe.skipIf(!hasDciodvfy)('dciodvfy (dicom3tools) validation', () => {
  it('finds no errors in a PET series or its CT', () => {
    const files = [...writePetSeries(samplePetInput()), ...writeCtSeries(sampleCtInput())];
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('finds no errors in any vendor variant of the PET series', () => {
    const base = samplePetInput();
    const { weightKg: _w, ...noWeight } = base.patient;
    const variants = [
      samplePetInput({ decayCorrection: 'ADMIN' }),
      samplePetInput({ decayCorrection: 'NONE' }),
      samplePetInput({ units: 'GML' }),
      samplePetInput({
        units: 'CNTS',
        philips: { suvScaleFactor: 1e-4, activityConcentrationScaleFactor: 3 },
      }),
      samplePetInput({
        patient: noWeight,
        radiopharmaceutical: { ...base.radiopharmaceutical, writeStartDateTime: false },
      }),
    ];
    // One slice of each variant is enough: every slice goes through the same code.
    const files = variants.map((input, n) => {
      const first = writePetSeries(input)[0];
      if (!first) throw new Error('no file written');
      return { name: `variant-${n}.dcm`, bytes: first.bytes };
    });
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('is a real check: it reports an error for a file missing a required attribute', () => {
    // Sanity of the harness itself: a PET slice without Units must be flagged.
    const first = writePetSeries(samplePetInput())[0];
    if (!first) throw new Error('no file written');
    const text = Buffer.from(first.bytes);
    const at = text.indexOf(Buffer.from([0x54, 0x00, 0x01, 0x10])); // tag (0054,1001) Units, little endian
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.from(text);
    broken.writeUInt16LE(0x1099, at + 2); // turn Units into an unknown element of the same group
    expect(dciodvfyErrors([{ name: 'broken.dcm', bytes: broken }]).some((e) => e.includes('Units'))).toBe(
      true,
    );
  });
});
