import { describe, expect, it } from 'vitest';
import { durieSalmon, durieSalmonPlus } from './durie-salmon.ts';

// Durie-Salmon: Cancer 1975;36:842, Table 6 (stage I all of Hb > 10 g/dL, calcium normal <= 12 mg/dL,
// normal bone or solitary plasmacytoma, low M-component IgG < 5 / IgA < 3 g/dL / urine light chain < 4 g/24h;
// stage III any of Hb < 8.5, calcium > 12, advanced lytic lesions, IgG > 7 / IgA > 5 / urine LC > 12;
// A: creatinine < 2.0 mg/dL, B: >= 2.0). Durie/Salmon PLUS: Eur J Cancer 2006;42:1539, Table 2.
// Patients worked by hand.
const early = {
  hemoglobinGPerDl: 12.1,
  calciumMgPerDl: 9.6,
  creatinineMgPerDl: 0.9,
  boneLesions: 'normal-or-solitary-plasmacytoma' as const,
  mProteinIsotype: 'IgG' as const,
  serumMProteinGPerDl: 3.2,
  urineLightChainGPer24h: 0.5,
};

describe('Durie-Salmon', () => {
  it('stages IgG 3.2 g/dL with normal blood, calcium and bones as IA', () => {
    expect(durieSalmon(early)).toMatchObject({ kind: 'scored', group: 'IA' });
  });

  it('moves IgG 6 g/dL (neither low nor high) to II and IgG 7.5 g/dL to III', () => {
    expect(durieSalmon({ ...early, serumMProteinGPerDl: 6 })).toMatchObject({ group: 'IIA' });
    expect(durieSalmon({ ...early, serumMProteinGPerDl: 7.5 })).toMatchObject({ group: 'IIIA' });
  });

  it('applies the IgA thresholds (3 and 5 g/dL) to IgA myeloma', () => {
    expect(durieSalmon({ ...early, mProteinIsotype: 'IgA', serumMProteinGPerDl: 3.2 })).toMatchObject({
      group: 'IIA',
    });
    expect(durieSalmon({ ...early, mProteinIsotype: 'IgA', serumMProteinGPerDl: 5.1 })).toMatchObject({
      group: 'IIIA',
    });
  });

  it('stages III on any one high criterion and B on creatinine 2.0 mg/dL', () => {
    expect(durieSalmon({ ...early, hemoglobinGPerDl: 8.4, creatinineMgPerDl: 2.0 })).toMatchObject({
      group: 'IIIB',
    });
    expect(durieSalmon({ ...early, calciumMgPerDl: 12.5 })).toMatchObject({ group: 'IIIA' });
    expect(durieSalmon({ ...early, boneLesions: 'advanced-lytic' })).toMatchObject({ group: 'IIIA' });
    // Hb exactly 10 is not > 10 → not stage I; not < 8.5 → II.
    expect(durieSalmon({ ...early, hemoglobinGPerDl: 10 })).toMatchObject({ group: 'IIA' });
  });

  it('uses only the urine criterion in light-chain myeloma', () => {
    const lc = { ...early, mProteinIsotype: 'none' as const, urineLightChainGPer24h: 13 };
    const { serumMProteinGPerDl: _, ...noSerum } = lc;
    expect(durieSalmon(noSerum)).toMatchObject({ group: 'IIIA' });
  });

  it('asks for the serum M-protein of an IgG myeloma', () => {
    const { serumMProteinGPerDl: _, ...rest } = early;
    expect(durieSalmon(rest)).toMatchObject({ kind: 'missing', missing: ['serumMProteinGPerDl'] });
  });
});

describe('Durie/Salmon PLUS', () => {
  const base = {
    diffuseInfiltration: 'none' as const,
    smouldering: false,
    creatinineMgPerDl: 1.0,
    extramedullaryDisease: false,
  };

  it('stages by focal lesion count: 4 → IB, 5 and 20 → II, 21 → III', () => {
    expect(durieSalmonPlus({ ...base, focalLesionCount: 4 })).toMatchObject({ kind: 'scored', group: 'IB' });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 5 })).toMatchObject({ group: 'IIA' });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 20 })).toMatchObject({ group: 'IIA' });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 21 })).toMatchObject({ group: 'IIIA' });
  });

  it('takes the higher of the focal and diffuse stages', () => {
    expect(durieSalmonPlus({ ...base, focalLesionCount: 2, diffuseInfiltration: 'severe' })).toMatchObject({
      group: 'IIIA',
    });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 2, diffuseInfiltration: 'moderate' })).toMatchObject({
      group: 'IIA',
    });
  });

  it('marks subclass B for creatinine >= 2.0 mg/dL or extramedullary disease, and IA for smouldering disease', () => {
    expect(durieSalmonPlus({ ...base, focalLesionCount: 8, creatinineMgPerDl: 2.4 })).toMatchObject({
      group: 'IIB',
    });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 30, extramedullaryDisease: true })).toMatchObject({
      group: 'IIIB',
    });
    expect(durieSalmonPlus({ ...base, focalLesionCount: 0, smouldering: true })).toMatchObject({
      group: 'IA',
    });
  });

  it('needs the lesion count', () => {
    expect(durieSalmonPlus(base)).toMatchObject({ kind: 'missing', missing: ['focalLesionCount'] });
  });
});
