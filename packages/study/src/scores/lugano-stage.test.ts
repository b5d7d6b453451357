import { describe, expect, it } from 'vitest';
import { type LuganoStageInput, luganoStage, luganoStageNumber } from './lugano-stage.ts';

// Lugano classification, Cheson et al., J Clin Oncol 2014;32:3059, Table 2 (revised staging of primary
// nodal lymphomas): I one node/group; IE single extranodal lesion without nodes; II two or more nodal
// groups on the same side of the diaphragm; IIE I or II by nodal extent with limited contiguous extranodal
// involvement; II bulky; III nodes on both sides of the diaphragm, or nodes above with spleen; IV
// additional non-contiguous extralymphatic involvement. Cases below worked by hand.
const none: LuganoStageInput = {
  involvedNodes: [],
  spleenInvolved: false,
  extranodalSites: [],
  bulky: false,
};
const stage = (x: Partial<LuganoStageInput>) => {
  const r = luganoStage({ ...none, ...x });
  return r.kind === 'scored' ? r.group : r.message;
};

describe('Lugano stage', () => {
  it('stages one nodal region I and both cervical sides II', () => {
    expect(stage({ involvedNodes: [{ station: 'cervical', side: 'left' }] })).toBe('I');
    expect(
      stage({
        involvedNodes: [
          { station: 'cervical', side: 'left' },
          { station: 'cervical', side: 'right' },
        ],
      }),
    ).toBe('II');
  });

  it('stages nodes above the diaphragm with the spleen III, and nodes below with the spleen II', () => {
    expect(
      stage({ involvedNodes: [{ station: 'mediastinal', side: 'midline' }], spleenInvolved: true }),
    ).toBe('III');
    expect(
      stage({ involvedNodes: [{ station: 'retroperitoneal', side: 'midline' }], spleenInvolved: true }),
    ).toBe('II');
    expect(
      stage({
        involvedNodes: [
          { station: 'axillary', side: 'left' },
          { station: 'inguinal-femoral', side: 'right' },
        ],
      }),
    ).toBe('III');
  });

  it('gives IIE for contiguous extension and IV for non-contiguous or marrow involvement', () => {
    const mediastinum = [{ station: 'mediastinal' as const, side: 'midline' as const }];
    expect(
      stage({
        involvedNodes: mediastinum,
        extranodalSites: [{ organ: 'lung-pleura', contiguousWithNodalDisease: true }],
      }),
    ).toBe('IIE');
    expect(
      stage({
        involvedNodes: mediastinum,
        extranodalSites: [{ organ: 'liver', contiguousWithNodalDisease: false }],
      }),
    ).toBe('IV');
    expect(
      stage({
        involvedNodes: mediastinum,
        extranodalSites: [{ organ: 'bone-marrow', contiguousWithNodalDisease: true }],
      }),
    ).toBe('IV');
  });

  it('stages a single gastric lesion without nodes IE and two extranodal organs IV', () => {
    expect(
      stage({ extranodalSites: [{ organ: 'gastrointestinal-tract', contiguousWithNodalDisease: false }] }),
    ).toBe('IE');
    expect(
      stage({
        extranodalSites: [
          { organ: 'gastrointestinal-tract', contiguousWithNodalDisease: false },
          { organ: 'lung-pleura', contiguousWithNodalDisease: false },
        ],
      }),
    ).toBe('IV');
  });

  it('marks bulk only on stage II', () => {
    const two = [
      { station: 'mediastinal' as const, side: 'midline' as const },
      { station: 'hilar' as const, side: 'left' as const },
    ];
    expect(stage({ involvedNodes: two, bulky: true })).toBe('II-bulky');
    expect(stage({ involvedNodes: [two[0] ?? { station: 'hilar', side: 'left' }], bulky: true })).toBe('I');
  });

  it('says so when no site is involved or a field is missing', () => {
    expect(stage({})).toMatch(/no involved site/);
    expect(luganoStage({ involvedNodes: [] })).toMatchObject({
      kind: 'missing',
      missing: ['spleenInvolved', 'extranodalSites', 'bulky'],
    });
  });

  it('maps stages to the Ann Arbor number the IPI uses', () => {
    expect(
      ['I', 'IE', 'II', 'IIE', 'II-bulky', 'III', 'IV'].map((s) => luganoStageNumber(s as never)),
    ).toEqual([1, 1, 2, 2, 2, 3, 4]);
  });
});
