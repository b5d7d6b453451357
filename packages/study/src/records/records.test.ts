import { describe, expect, it } from 'vitest';
import { assessEligibility } from '../eligibility.ts';
import { StudyError } from '../errors.ts';
import { diagnosisSchema } from './diagnosis.ts';
import { doseRecordSchema } from './dose.ts';
import { eligibilityVerdictSchema } from './eligibility.ts';
import { parseRecord } from './parse.ts';
import { screeningSchema } from './screening.ts';

describe('record schemas', () => {
  it('parses a valid dose record and rejects a string activity naming the field', () => {
    const input = {
      participantId: 'CX-001',
      tracer: 'pentixafor',
      radionuclide: 'Ga-68',
      syringeBefore: { activityMBq: 150, measuredAt: '2024-03-01T10:00:00+08:00' },
      injectedAt: '2024-03-01T10:10:00+08:00',
    };
    expect(parseRecord(doseRecordSchema, input, 'dose record').syringeBefore.activityMBq).toBe(150);
    const bad = { ...input, syringeBefore: { activityMBq: '150', measuredAt: '2024-03-01T10:00:00+08:00' } };
    const err = (() => {
      try {
        parseRecord(doseRecordSchema, bad, 'dose record');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StudyError);
    expect(err).toMatchObject({ code: 'invalid-record', field: 'syringeBefore.activityMBq' });
    expect((err as StudyError).message).toMatch(/^dose record: field 'syringeBefore.activityMBq': .*number/);
    expect((err as StudyError).message).not.toMatch(/\n/);
  });

  it('rejects an injection time without a UTC offset', () => {
    const r = doseRecordSchema.safeParse({
      participantId: 'CX-001',
      tracer: 'fdg',
      radionuclide: 'F-18',
      syringeBefore: { activityMBq: 300, measuredAt: '2024-03-01T10:00:00Z' },
      injectedAt: '2024-03-01T10:10:00',
    });
    expect(r.success).toBe(false);
  });

  it('requires an unknown screening answer to carry a reason', () => {
    const ok = {
      participantId: 'CX-001',
      screeningDate: '2024-03-01',
      lymphoproliferativeDisease: { kind: 'suspected' },
      priorTreatment: { kind: 'no' },
      fdgPetCtDate: { kind: 'unknown', reason: 'not yet scheduled' },
      pentixaforPetCtDate: { kind: 'known', date: '2024-03-04' },
      pregnant: { kind: 'not-applicable', reason: 'male' },
      breastfeeding: { kind: 'no' },
      pentixaforAllergy: { kind: 'no' },
    };
    expect(screeningSchema.safeParse(ok).success).toBe(true);
    expect(screeningSchema.safeParse({ ...ok, pregnant: { kind: 'unknown' } }).success).toBe(false);
    expect(screeningSchema.safeParse({ ...ok, pregnant: { kind: 'unknown', reason: '  ' } }).success).toBe(
      false,
    );
  });

  it('discriminates diagnoses by family and subtype and requires the MZL type and a name for "other"', () => {
    const base = {
      participantId: 'CX-001',
      certainty: 'confirmed',
      reference: {
        kind: 'histology',
        specimen: 'endoscopic-biopsy',
        site: 'gastric antrum',
        sampledDate: '2024-02-01',
        reportId: 'P-1',
      },
      diagnosedDate: '2024-02-05',
    };
    const malt = { family: 'lymphoma', subtype: 'marginal-zone', marginalZoneType: 'extranodal-malt' };
    expect(diagnosisSchema.safeParse({ ...base, disease: malt }).success).toBe(true);
    expect(
      diagnosisSchema.safeParse({ ...base, disease: { family: 'lymphoma', subtype: 'marginal-zone' } })
        .success,
    ).toBe(false);
    expect(
      diagnosisSchema.safeParse({ ...base, disease: { family: 'leukemia', subtype: 'other' } }).success,
    ).toBe(false);
    expect(
      diagnosisSchema.safeParse({ ...base, disease: { family: 'leukemia', subtype: 'dlbcl' } }).success,
    ).toBe(false);
    expect(
      diagnosisSchema.safeParse({
        ...base,
        disease: { family: 'plasma-cell', subtype: 'smouldering-myeloma' },
      }).success,
    ).toBe(true);
  });

  it('refuses a confirmed diagnosis that rests on clinical grounds only', () => {
    const r = diagnosisSchema.safeParse({
      participantId: 'CX-001',
      certainty: 'confirmed',
      disease: { family: 'lymphoma', subtype: 'primary-cns' },
      reference: { kind: 'clinical', reason: 'MRI pattern typical' },
      diagnosedDate: '2024-02-05',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['reference']);
  });

  it('round-trips an eligibility verdict through its schema, as the database stores it', () => {
    const verdict = assessEligibility({
      screening: {
        participantId: 'CX-009',
        screeningDate: '2024-03-01',
        lymphoproliferativeDisease: { kind: 'suspected' },
        priorTreatment: { kind: 'no' },
        fdgPetCtDate: { kind: 'known', date: '2024-03-01' },
        pentixaforPetCtDate: { kind: 'known', date: '2024-03-02' },
        pregnant: { kind: 'no' },
        breastfeeding: { kind: 'no' },
        pentixaforAllergy: { kind: 'yes' },
      },
      birthDate: '1970-01-01',
      consents: [],
    });
    expect(eligibilityVerdictSchema.parse(JSON.parse(JSON.stringify(verdict)))).toEqual(verdict);
  });
});
