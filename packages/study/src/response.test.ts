import { describe, expect, it } from 'vitest';
import { responseAssessmentSchema } from './records/follow-up.ts';
import { checkResponseSystem, responseSystemsFor } from './response.ts';

describe('response assessments', () => {
  const imwg = responseAssessmentSchema.parse({
    participantId: 'CX-001',
    assessedDate: '2024-06-01',
    timepoint: 'end-of-treatment',
    response: {
      system: 'imwg',
      category: 'VGPR',
      mrd: { status: 'negative', method: 'next-generation-flow', imagingNegative: true },
    },
  });

  it('uses IMWG for myeloma and Lugano for lymphoma', () => {
    expect(responseSystemsFor({ family: 'plasma-cell', subtype: 'multiple-myeloma' })).toEqual(['imwg']);
    expect(responseSystemsFor({ family: 'lymphoma', subtype: 'dlbcl' })).toEqual(['lugano-pet', 'lugano-ct']);
    expect(() =>
      checkResponseSystem({ family: 'plasma-cell', subtype: 'multiple-myeloma' }, imwg),
    ).not.toThrow();
    expect(() => checkResponseSystem({ family: 'lymphoma', subtype: 'follicular' }, imwg)).toThrow(
      /field 'response.system' is imwg, but lymphoma \(follicular\) is assessed with lugano-pet or lugano-ct/,
    );
  });

  it('rejects a CT category on a PET-based Lugano assessment', () => {
    const r = responseAssessmentSchema.safeParse({
      participantId: 'CX-001',
      assessedDate: '2024-06-01',
      timepoint: 'interim',
      response: { system: 'lugano-pet', category: 'CR' },
    });
    expect(r.success).toBe(false);
  });
});
