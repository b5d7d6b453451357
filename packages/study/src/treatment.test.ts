import { describe, expect, it } from 'vitest';
import { StudyError } from './errors.ts';
import { parseRecord } from './records/parse.ts';
import type { Scan } from './records/scan.ts';
import type { Screening } from './records/screening.ts';
import { type Treatment, treatmentSchema } from './records/treatment.ts';
import { baselineImagingDates, treatmentDeviations } from './treatment.ts';

const rchop: Treatment = {
  participantId: 'CX-001',
  regimen: 'R-CHOP',
  category: 'chemo-immunotherapy',
  lineOfTherapy: 1,
  intent: 'curative',
  startDate: '2026-03-20',
  cycles: 6,
};

const scan = (
  tracer: Scan['tracer'],
  acquisitionStartAt: string,
  timepoint: Scan['timepoint'] = 'baseline',
): Scan => ({
  scanId: `${tracer}-${acquisitionStartAt.slice(0, 10)}`,
  participantId: 'CX-001',
  tracer,
  timepoint,
  acquisitionStartAt,
});

// Worked example: enrolled 2026-03-10, Pentixafor PET/CT on 12 March at 10:00 (+01:00), FDG on 16 March.
const scans = [scan('pentixafor', '2026-03-12T10:00:00+01:00'), scan('fdg', '2026-03-16T09:30:00+01:00')];
const timing = { enrolledDate: '2026-03-10', scans };

function errorOf(input: unknown): StudyError {
  try {
    parseRecord(treatmentSchema, input, 'treatment record');
  } catch (error) {
    if (error instanceof StudyError) return error;
  }
  throw new Error('expected an invalid-record StudyError');
}

describe('treatment record', () => {
  it('accepts first-line R-CHOP and watch and wait with its observation intent', () => {
    expect(treatmentSchema.parse(rchop)).toEqual(rchop);
    const watch = {
      ...rchop,
      regimen: 'watch and wait',
      category: 'watch-and-wait',
      intent: 'observation',
      cycles: undefined,
    };
    expect(treatmentSchema.safeParse(watch).success).toBe(true);
  });

  it('names the field and the reason of each refusal', () => {
    expect(errorOf({ ...rchop, category: 'chemo' }).field).toBe('category');
    expect(errorOf({ ...rchop, lineOfTherapy: 0 }).field).toBe('lineOfTherapy');
    expect(errorOf({ ...rchop, lineOfTherapy: 1.5 }).field).toBe('lineOfTherapy');
    expect(errorOf({ ...rchop, startDate: '2026-02-30' }).field).toBe('startDate');
    expect(errorOf({ ...rchop, regimen: '  ' }).field).toBe('regimen');
    const ended = errorOf({ ...rchop, endDate: '2026-03-19' });
    expect(ended.message).toBe("treatment record: field 'endDate': ended before it started.");
    expect(errorOf({ ...rchop, intent: 'observation' }).message).toMatch(/field 'intent': watch and wait/);
    expect(errorOf({ ...rchop, category: 'radiotherapy', regimen: 'ISRT 30 Gy' }).message).toBe(
      "treatment record: field 'cycles': a radiotherapy treatment is not given in cycles.",
    );
  });
});

describe('baseline imaging precedes treatment', () => {
  it('flags nothing for a start on or after both baseline scans and enrolment', () => {
    expect(treatmentDeviations(rchop, timing)).toEqual([]);
    // Same day as the FDG scan: dates only, the scan is done first on the day.
    expect(treatmentDeviations({ ...rchop, startDate: '2026-03-16' }, timing)).toEqual([]);
  });

  it('flags a start between the two scans against the FDG PET/CT only', () => {
    const found = treatmentDeviations({ ...rchop, startDate: '2026-03-14' }, timing);
    expect(found.map((d) => d.code)).toEqual(['treatment-before-baseline-imaging']);
    expect(found[0]?.field).toBe('startDate');
    expect(found[0]?.message).toBe(
      'R-CHOP (line 1) started on 2026-03-14, before the baseline 18F-FDG PET/CT of 2026-03-16: the protocol images before treatment.',
    );
  });

  it('flags a start before enrolment and both scans three times', () => {
    const found = treatmentDeviations({ ...rchop, startDate: '2026-03-09' }, timing);
    expect(found.map((d) => d.code)).toEqual([
      'treatment-before-baseline-imaging',
      'treatment-before-baseline-imaging',
      'treatment-before-enrolment',
    ]);
    expect(found[0]?.message).toMatch(/68Ga-Pentixafor PET\/CT of 2026-03-12/);
    expect(found[2]?.message).toMatch(/before enrolment on 2026-03-10/);
  });

  it('compares site-local calendar dates: a scan at 00:30 local is that day, not the UTC day before', () => {
    const late = [scan('fdg', '2026-03-16T00:30:00+02:00')]; // 2026-03-15T22:30Z
    expect(baselineImagingDates({ scans: late })).toEqual({ fdg: '2026-03-16' });
    expect(treatmentDeviations({ ...rchop, startDate: '2026-03-15' }, { scans: late })).toHaveLength(1);
  });

  it('takes the earliest baseline scan, ignores later time points, and falls back on screening dates', () => {
    const many = [
      scan('fdg', '2026-03-18T09:00:00+01:00'),
      scan('fdg', '2026-03-16T09:00:00+01:00'),
      scan('fdg', '2026-01-02T09:00:00+01:00', 'follow-up'),
    ];
    const screening = {
      fdgPetCtDate: { kind: 'known', date: '2026-03-01' },
      pentixaforPetCtDate: { kind: 'known', date: '2026-03-17' },
    } as Screening;
    expect(baselineImagingDates({ scans: many, screening })).toEqual({
      fdg: '2026-03-16',
      pentixafor: '2026-03-17',
    });
    const unscheduled = {
      ...screening,
      pentixaforPetCtDate: { kind: 'unknown', reason: 'not yet' },
    } as Screening;
    expect(baselineImagingDates({ scans: [], screening: unscheduled })).toEqual({ fdg: '2026-03-01' });
    expect(
      treatmentDeviations({ ...rchop, startDate: '2026-03-16' }, { scans: many, screening }).map(
        (d) => d.message,
      ),
    ).toEqual([
      'R-CHOP (line 1) started on 2026-03-16, before the baseline 68Ga-Pentixafor PET/CT of 2026-03-17: the protocol images before treatment.',
    ]);
  });
});
