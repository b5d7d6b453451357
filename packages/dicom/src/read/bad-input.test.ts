import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dicomFailure as failure } from '../testing/dicom-failure.ts';
import { editDicom, naturalDataset } from '../testing/edit-dicom.ts';
import { readDicomInstance } from './map-instance.ts';
import { buildPetStudy } from './read-pet-study.ts';

/*
 * Bad inputs made by mutating real files (dcmjs writes the mutations): each must give a DicomError
 * whose message is one line naming the file or attribute and the reason.
 */

const testdata = new URL('../../../../testdata/real-pet/', import.meta.url);
const stsNames = readdirSync(new URL('sts-001-pet/image/', testdata)).sort().slice(0, 6);
const sts = stsNames.map(
  (name) => new Uint8Array(readFileSync(new URL(`sts-001-pet/image/${name}`, testdata))),
);

function instances(files: readonly Uint8Array[]) {
  return files.map((bytes, n) => readDicomInstance(bytes, stsNames[n] ?? `file-${n}`));
}

function position(bytes: Uint8Array): readonly number[] {
  return naturalDataset(bytes).ImagePositionPatient as number[];
}

describe('bad DICOM input', () => {
  it('rejects a truncated file, naming it', async () => {
    const error = await failure(() => readDicomInstance((sts[0] as Uint8Array).subarray(0, 5000), 'cut.dcm'));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/^cut\.dcm is truncated/);
  });

  it('rejects a file that is not DICOM, naming it', async () => {
    const error = await failure(() =>
      readDicomInstance(new TextEncoder().encode('patient list\n'.repeat(20)), 'notes.txt'),
    );
    expect(error.code).toBe('not-dicom');
    expect(error.message).toBe("notes.txt is not a DICOM Part 10 file (no 'DICM' prefix at byte 128)");
  });

  it('rejects a PET without radiopharmaceutical data, naming what is missing', async () => {
    const files = sts.map((bytes) =>
      editDicom(bytes, { remove: ['RadiopharmaceuticalInformationSequence'] }),
    );
    const error = await failure(() => buildPetStudy(instances(files)));
    expect(error.code).toBe('missing-attribute');
    expect(error.message).toMatch(
      /^000000\.dcm has no radiopharmaceutical data \(RadiopharmaceuticalInformationSequence \(0054,0016\) is missing\).*--injected-bq and --injection-time$/,
    );
  });

  it('rejects a series whose slices are unevenly spaced', async () => {
    const [x = 0, y = 0, z = 0] = position(sts[3] as Uint8Array);
    const files = sts.map((bytes, n) =>
      n === 3 ? editDicom(bytes, { set: { ImagePositionPatient: [x, y, z + 1] } }) : bytes,
    );
    const error = await failure(() => buildPetStudy(instances(files)));
    expect(error.code).toBe('inconsistent-series');
    // Gaps 3.27 mm except 4.27 and 2.27 mm around the moved slice.
    expect(error.message).toMatch(
      /unequal slice spacing: 4\.270 mm between 000002\.dcm and 000003\.dcm, 3\.270 mm elsewhere \(tolerance 1 %\)/,
    );
  });

  it('rejects two slices at the same position', async () => {
    const files = [...sts, editDicom(sts[2] as Uint8Array, { set: { SOPInstanceUID: '1.2.3.4.5.6' } })];
    const names = [...stsNames, 'copy.dcm'];
    const error = await failure(() =>
      buildPetStudy(files.map((bytes, n) => readDicomInstance(bytes, names[n] ?? ''))),
    );
    expect(error.message).toMatch(/same position/);
  });

  it('lists the PET series when there are two and none was chosen', async () => {
    const files = ['1.dcm', '2.dcm'].map((name) =>
      readDicomInstance(
        new Uint8Array(readFileSync(new URL(`acrin-flt-breast-slices/${name}`, testdata))),
        name,
      ),
    );
    const error = await failure(() => buildPetStudy(files));
    expect(error.code).toBe('several-pet-series');
    expect(error.message).toBe(
      "2 PET series found, choose one by SeriesInstanceUID (--series <uid>): 1.3.6.1.4.1.14519.5.2.1.7009.2401.156320467167446933671661793694 'PET-CT SERIES' (1 slice); 1.3.6.1.4.1.14519.5.2.1.7009.2401.191964947775618932225259619313 'PET-CT SERIES' (1 slice)",
    );
    const chosen = await buildPetStudy(files, {
      seriesInstanceUid: '1.3.6.1.4.1.14519.5.2.1.7009.2401.191964947775618932225259619313',
    });
    expect(chosen.pet.weightKg).toBe(82.174);
  });

  it('refuses a multi-frame image with a clear message', async () => {
    // The typed instance of a real slice, claiming two frames as an enhanced PET would.
    const instance = readDicomInstance(sts[0] as Uint8Array, 'enhanced.dcm');
    const image = instance.image;
    if (image === undefined) throw new Error('no image');
    const multi = { ...instance, image: { ...image, numberOfFrames: 2 } };
    const error = await failure(() => buildPetStudy([multi]));
    expect(error.code).toBe('unsupported-image');
    expect(error.message).toMatch(/^enhanced\.dcm is a multi-frame \(enhanced\) image with 2 frames/);
  });
});

describe('series choice', () => {
  it('pairs the PET with the CT of its frame of reference and builds the CT in HU', async () => {
    // A "CT" made from the PET slices: modality, SOP class and series changed; stored values
    // become HU through RescaleSlope 1, RescaleIntercept −1024.
    const ct = sts.map((bytes, n) =>
      editDicom(bytes, {
        set: {
          Modality: 'CT',
          SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
          SOPInstanceUID: `1.2.826.0.1.3680043.9.7.${n}`,
          SeriesInstanceUID: '1.2.826.0.1.3680043.9.7',
          RescaleSlope: 1,
          RescaleIntercept: -1024,
        },
      }),
    );
    const pet = instances(sts);
    const study = await buildPetStudy([
      ...ct.map((bytes, n) => readDicomInstance(bytes, `ct-${n}.dcm`)),
      ...pet,
    ]);
    expect(study.ct?.dims).toEqual([41, 43, 6]);
    // Voxel (0,0,0) of the first slice: pydicom reads 0.02624338652334 SUV = stored × 7.351088662e-5,
    // so stored = 357 and the CT value is 357 − 1024 = −667 HU.
    expect(study.ct?.data[0]).toBe(-667);
  });

  it('reads a repeated file once, with a warning', async () => {
    const study = await buildPetStudy([
      ...instances(sts),
      readDicomInstance(sts[0] as Uint8Array, 'again.dcm'),
    ]);
    expect(study.pet.volume.dims[2]).toBe(6);
    expect(study.warnings).toContain('again.dcm repeats 000000.dcm (same SOPInstanceUID); read once');
  });
});
