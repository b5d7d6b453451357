import dcmjs, { type DcmjsDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { readDicomInstance } from '../read/map-instance.ts';
import { buildPetStudy } from '../read/read-pet-study.ts';
import { dciodvfyErrors, hasDciodvfy } from '../testing/dciodvfy.ts';
import { dicomFailure } from '../testing/dicom-failure.ts';
import { editDicom } from '../testing/edit-dicom.ts';
import { writeCtSeries } from '../write/ct-series.ts';
import { writePetSeries } from '../write/pet-series.ts';
import { sampleCtInput, samplePetInput } from '../write/sample-input.test-helper.ts';
import type { DicomFile } from '../write/types.ts';
import { deidentify } from './deidentify.ts';
import { ageAt, participantDateShiftDays, remapUid, shiftDa, shiftDt } from './keyed-values.ts';
import { ATTRIBUTE_ACTIONS, CLEANED_TEXT, KEPT_TEXT } from './profile.ts';

const options = { pseudonym: 'CX-0042', dateShiftDays: -400, secret: 'project secret' };

// Identifying values planted in every kind of place: names, IDs, addresses, equipment, free text,
// descriptors, a nested sequence, a private tag, an overlay. None may survive anywhere in the bytes.
const PLANTED = {
  PatientName: 'Doe^Jane^Marie',
  PatientID: 'MRN4455667',
  OtherPatientIDs: 'OLDID998877',
  PatientBirthDate: '19610305',
  PatientAddress: '12 Quarry Lane Springfield',
  PatientTelephoneNumbers: '555-0199-321',
  PatientMotherBirthName: 'Smithers^Ann',
  AccessionNumber: 'ACC5566778',
  StudyID: 'STUDY31337',
  InstitutionName: 'St Elsewhere Hospital',
  InstitutionAddress: '1 Hospital Road Shelbyville',
  InstitutionalDepartmentName: 'Nuclear Medicine Dept Seven',
  ReferringPhysicianName: 'Hibbert^Julius',
  PerformingPhysicianName: 'Riviera^Nick',
  OperatorsName: 'Operator^Otto',
  NameOfPhysiciansReadingStudy: 'Reader^Rita',
  StationName: 'PETCT-ROOM-9',
  DeviceSerialNumber: 'SN-77665544',
  PatientComments: 'lives with daughter Lisa',
  AdditionalPatientHistory: 'previous surgery at Mercy General',
  MedicalRecordLocator: 'SHELF-42-B',
  StudyDescription: 'PET for Doe MRN4455667 staging',
  SeriesDescription: 'PET WB Jane',
  ImageComments: 'patient Doe^Jane^Marie moved',
  RequestingPhysician: 'Requester^Ray',
  IssuerOfPatientID: 'SPRINGFIELD-MRN',
} as const;

function planted(file: DicomFile): DicomFile {
  const bytes = editDicom(file.bytes, {
    set: {
      ...PLANTED,
      OtherPatientIDsSequence: [{ PatientID: 'SEQID123123', IssuerOfPatientID: 'OTHER-HOSP' }],
      RequestAttributesSequence: [
        { RequestedProcedureID: 'RPID-8877', ScheduledProcedureStepID: 'SPS-5566' },
      ],
      ReferencedStudySequence: [
        { ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1', ReferencedSOPInstanceUID: '1.2.3.99.77' },
      ],
      BurnedInAnnotation: 'NO',
    },
    raw: {
      '00291010': { vr: 'LO', Value: ['Doe^Jane^Marie'] },
      '00290010': { vr: 'LO', Value: ['SIEMENS CSA HEADER'] },
      '60003000': { vr: 'OW', Value: [new Uint8Array(8).buffer] },
      '60004000': { vr: 'LT', Value: ['overlay by Riviera'] },
    },
  });
  return { name: file.name, bytes };
}

function dictOf(bytes: Uint8Array): DcmjsDict {
  return dcmjs.data.DicomMessage.readFile(bytes.slice().buffer).dict;
}

/** Every (tag path, vr, values) of a dataset, sequences included. */
function walk(dict: DcmjsDict, path = ''): { path: string; tag: string; vr: string; values: unknown[] }[] {
  return Object.entries(dict).flatMap(([tag, el]) =>
    el.vr === 'SQ'
      ? [
          { path: `${path}${tag}`, tag, vr: el.vr, values: [] },
          ...(el.Value ?? []).flatMap((item, n) => walk(item as DcmjsDict, `${path}${tag}[${n}].`)),
        ]
      : [{ path: `${path}${tag}`, tag, vr: el.vr, values: el.Value ?? [] }],
  );
}

const pet = writePetSeries(samplePetInput()).map(planted);
const ct = writeCtSeries(sampleCtInput()).map(planted);

describe('de-identification (PS3.15 basic profile with options)', () => {
  it('leaves no planted identifying value anywhere in the file, in any case', () => {
    for (const file of [pet[0], ct[0]]) {
      if (file === undefined) throw new Error('no file');
      const out = deidentify(file.bytes, file.name, options);
      const text = Buffer.from(out.bytes).toString('latin1').toLowerCase();
      const needles = [
        ...Object.values(PLANTED)
          .flatMap((v) => v.split(/[\^ ]/))
          .filter(
            (v) =>
              v.length >= 3 &&
              !/^(pet|wb|for|with|staging|moved|previous|surgery|patient|lives|road|lane|room|dept|seven|nuclear|medicine|hospital|general)$/i.test(
                v,
              ),
          ),
        'SEQID123123',
        'RPID-8877',
        'SPS-5566',
        'OTHER-HOSP',
        'overlay by',
        '1961',
        '19610305',
        '1.2.3.99.77',
      ];
      for (const needle of needles)
        expect(text, `'${needle}' survived in ${file.name}`).not.toContain(needle.toLowerCase());
    }
  });

  it('keeps only attributes of the profile: every element checked against its rule', () => {
    const file = pet[0];
    if (file === undefined) throw new Error('no file');
    const before = dictOf(file.bytes);
    const after = dictOf(deidentify(file.bytes, file.name, options).bytes);
    const beforeByPath = new Map(walk(before).map((e) => [e.path, e]));
    for (const e of walk(after)) {
      const origin = beforeByPath.get(e.path);
      const where = `${e.path} (${e.vr})`;
      expect(Number.parseInt(e.tag.slice(0, 4), 16) % 2, `${where} is private`).toBe(0);
      if (e.tag === '00100010') expect(e.values).toEqual([{ Alphabetic: 'CX-0042' }]);
      else if (e.tag === '00100020') expect(e.values).toEqual(['CX-0042']);
      else if (e.vr === 'PN') expect(e.values, where).toEqual([]);
      else if (e.vr === 'DA' && e.values.some((v) => v !== ''))
        expect(e.values, where).toEqual((origin?.values ?? []).map((v) => shiftDa(String(v), -400)));
      else if (e.vr === 'DT' && e.values.some((v) => v !== ''))
        expect(e.values, where).toEqual((origin?.values ?? []).map((v) => shiftDt(String(v), -400)));
      else if (
        e.vr === 'UI' &&
        origin !== undefined &&
        !String(origin.values[0]).startsWith('1.2.840.10008.')
      )
        expect(e.values, where).toEqual(origin.values.map((v) => remapUid('project secret', String(v))));
      else if (['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'AE', 'UR'].includes(e.vr))
        expect(
          KEPT_TEXT.has(e.tag) ||
            CLEANED_TEXT.has(e.tag) ||
            e.tag in ATTRIBUTE_ACTIONS ||
            e.tag === '00120063',
          where,
        ).toBe(true);
    }
    // Patient characteristics SUV needs are kept; the birth date is gone but the age is filled from it.
    expect(after['00101030']?.Value).toEqual(before['00101030']?.Value);
    expect(after['00101020']?.Value).toEqual(before['00101020']?.Value);
    expect(after['00100040']?.Value).toEqual(['F']);
    expect(after['00100030']?.Value?.filter((v) => v !== '')).toEqual([]);
    expect(after['00101010']?.Value).toEqual(['065Y']); // born 1961-03-05, studied 2026-03-16
    expect(after['00120062']?.Value).toEqual(['YES']);
    expect(after['00280303']?.Value).toEqual(['MODIFIED']);
    // Clean Descriptors: identifying words cut out, the rest kept.
    expect(after['00081030']?.Value).toEqual(['PET for staging']);
  });

  it('gives the same SUV voxel for voxel, with dates shifted and UIDs remapped consistently across files', async () => {
    const deid = [...pet, ...ct].map((f) => ({
      name: f.name,
      bytes: deidentify(f.bytes, f.name, options).bytes,
    }));
    const read = async (files: readonly DicomFile[]) =>
      buildPetStudy(
        files.map((f) => readDicomInstance(f.bytes, f.name)),
        { values: 'bw' },
      );
    const original = await read([...pet, ...ct]);
    const copy = await read(deid);
    expect(
      Buffer.from(copy.pet.volume.data.buffer).equals(Buffer.from(original.pet.volume.data.buffer)),
    ).toBe(true);
    expect(copy.pet.suvScale).toEqual(original.pet.suvScale);
    expect(copy.ct).toBeDefined(); // the CT still shares the PET's (remapped) frame of reference
    expect(copy.pet.injectionDateTime.slice(0, 10)).toBe('2025-02-09'); // 2026-03-16 − 400 days
    expect(copy.pet.injectionDateTime.slice(10)).toBe(original.pet.injectionDateTime.slice(10));
    expect(copy.pet.seriesInstanceUid).toBe(remapUid('project secret', original.pet.seriesInstanceUid));
    expect(copy.pet.source.study.studyInstanceUid).not.toBe(original.pet.source.study.studyInstanceUid);
  });

  it('keeps the Philips PET scale factors (and nothing else private), so CNTS series give the same SUV', async () => {
    const input = samplePetInput({
      units: 'CNTS',
      philips: { suvScaleFactor: 1e-4, activityConcentrationScaleFactor: 3 },
    });
    // The writer's Philips elements plus a private text element that must go.
    const files = writePetSeries(input).map((file) => ({
      name: file.name,
      bytes: editDicom(file.bytes, {
        set: { PatientName: 'Doe^Jane' },
        raw: {
          '70530010': { vr: 'LO', Value: ['Philips PET Private Group'] },
          '70531000': { vr: 'DS', Value: ['0.0001'] },
          '70531009': { vr: 'DS', Value: ['3'] },
          '00290010': { vr: 'LO', Value: ['SIEMENS CSA HEADER'] },
          '00291010': { vr: 'LO', Value: ['Doe^Jane'] },
        },
      }),
    }));
    const deid = files.map((f) => ({ name: f.name, bytes: deidentify(f.bytes, f.name, options).bytes }));
    const after = dictOf(deid[0]?.bytes ?? new Uint8Array());
    expect(
      Object.keys(after)
        .filter((t) => Number.parseInt(t.slice(0, 4), 16) % 2 === 1)
        .sort(),
    ).toEqual(['70530010', '70531000', '70531009']);
    const read = async (list: readonly DicomFile[]) =>
      buildPetStudy(
        list.map((f) => readDicomInstance(f.bytes, f.name)),
        { values: 'bw' },
      );
    const [a, b] = [await read(files), await read(deid)];
    expect(Buffer.from(b.pet.volume.data.buffer).equals(Buffer.from(a.pet.volume.data.buffer))).toBe(true);
  });

  // dciodvfy's warnings on the output: "Retired Person Name form" for the one-component pseudonym
  // (valid PN, dubious only by convention), the SRT codes the writer already uses, and no Study ID
  // (emptied: it is type 2 and may identify the visit).
  it.skipIf(!hasDciodvfy)('writes files dciodvfy accepts without errors', () => {
    const files = [pet[0], ct[0]].map((f) => {
      if (f === undefined) throw new Error('no file');
      return { name: f.name, bytes: deidentify(f.bytes, f.name, options).bytes };
    });
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('flags burned-in annotation', () => {
    const file = pet[0];
    if (file === undefined) throw new Error('no file');
    const yes = editDicom(file.bytes, { set: { BurnedInAnnotation: 'YES' } });
    expect(deidentify(yes, 'x', options).burnedInAnnotation).toBe(true);
    expect(deidentify(file.bytes, 'x', options).burnedInAnnotation).toBe(false);
    const sc = editDicom(file.bytes, { set: { Modality: 'OT' }, remove: ['BurnedInAnnotation'] });
    expect(deidentify(sc, 'x', options).burnedInAnnotation).toBe(true);
  });

  it('derives a participant date shift and UIDs from the secret, deterministically', () => {
    const shift = participantDateShiftDays('s', 'CX-0042');
    expect(shift).toBe(participantDateShiftDays('s', 'CX-0042'));
    expect(shift).toBeGreaterThanOrEqual(-1825);
    expect(shift).toBeLessThanOrEqual(-1);
    expect(participantDateShiftDays('other secret', 'CX-0042')).not.toBe(shift);
    expect(remapUid('s', '1.2.3')).toMatch(/^2\.25\.\d+$/);
    expect(remapUid('t', '1.2.3')).not.toBe(remapUid('s', '1.2.3'));
    expect(remapUid('s', '1.2.840.10008.5.1.4.1.1.128')).toBe('1.2.840.10008.5.1.4.1.1.128');
    expect(shiftDa('20240301', -1)).toBe('20240229');
    expect(shiftDt('20240101093000.5+0100', -1)).toBe('20231231093000.5+0100');
    expect(ageAt('19610316', '20260316')).toBe('065Y');
    expect(ageAt('19610317', '20260316')).toBe('064Y');
  });

  it('refuses bytes that are not DICOM with one line naming the file', async () => {
    const error = await dicomFailure(() => deidentify(new Uint8Array(300), 'junk.bin', options));
    expect(error.code).toBe('not-dicom');
    expect(error.message).toMatch(/^junk\.bin is not a readable DICOM file/);
  });
});
