import { describe, expect, it } from 'vitest';
import { compareTracerReads, deauvilleIsCompleteMetabolicResponse, readConsistency } from './reads.ts';
import { type VisualRead, visualReadSchema } from './records/read.ts';
import { NODAL_STATIONS, ORGAN_REGIONS, READ_REGIONS, type ReadRegion } from './regions.ts';

function read(
  tracer: 'fdg' | 'pentixafor',
  positive: readonly ReadRegion[],
  extra: Partial<VisualRead> = {},
): VisualRead {
  return {
    readId: `R-${tracer}`,
    participantId: 'CX-001',
    scanId: `S-${tracer}`,
    tracer,
    readerId: 'reader1',
    readAt: '2024-03-10T09:00:00+08:00',
    blinding: { kind: 'blinded', blindedTo: ['other-tracer', 'clinical-data'] },
    regions: READ_REGIONS.map((region) => ({
      region,
      finding: positive.includes(region) ? 'positive' : 'negative',
    })),
    marrowPattern: positive.includes('bone-marrow') ? 'diffuse' : 'negative',
    lesions: [],
    patientCall: positive.length > 0 ? 'positive' : 'negative',
    ...extra,
  };
}

describe('read regions', () => {
  it('has 23 regions: 12 nodal stations and 11 organs including marrow and spleen', () => {
    expect(NODAL_STATIONS).toHaveLength(12);
    expect(ORGAN_REGIONS).toHaveLength(11);
    expect(new Set(READ_REGIONS).size).toBe(23);
    expect(READ_REGIONS).toContain('bone-marrow');
    expect(READ_REGIONS).toContain('spleen');
  });
});

describe('visual read schema', () => {
  it('accepts a complete read', () => {
    expect(visualReadSchema.safeParse(read('fdg', ['cervical'], { deauville: 4 })).success).toBe(true);
  });

  it('rejects a read that skips a region or reads one twice', () => {
    const r = read('fdg', []);
    const skipped = visualReadSchema.safeParse({ ...r, regions: r.regions.slice(1) });
    expect(skipped.error?.issues[0]?.message).toBe('regions not read: waldeyer-ring');
    const twice = visualReadSchema.safeParse({ ...r, regions: [...r.regions, r.regions[0]] });
    expect(twice.error?.issues[0]?.message).toBe("region 'waldeyer-ring' is read twice");
  });

  it('refuses a Deauville score on a Pentixafor read', () => {
    const r = visualReadSchema.safeParse(read('pentixafor', [], { deauville: 3 }));
    expect(r.error?.issues[0]?.path).toEqual(['deauville']);
  });

  it('refuses a diffuse marrow pattern when the marrow region is called negative', () => {
    const r = visualReadSchema.safeParse(read('pentixafor', [], { marrowPattern: 'diffuse' }));
    expect(r.error?.issues[0]?.path).toEqual(['marrowPattern']);
  });

  it('requires a reason for an unblinded read', () => {
    expect(
      visualReadSchema.safeParse(read('fdg', [], { blinding: { kind: 'unblinded' } as never })).success,
    ).toBe(false);
  });
});

describe('read consistency', () => {
  it('flags a negative patient call with a positive region and a positive lesion in a negative region', () => {
    const r = read('pentixafor', ['spleen'], {
      patientCall: 'negative',
      lesions: [{ lesionId: 'L1', region: 'liver', call: 'positive' }],
    });
    expect(readConsistency(r).map((w) => w.code)).toEqual([
      'patient-call-negative-with-positive-region',
      'lesion-in-negative-region',
    ]);
    expect(readConsistency(read('fdg', ['spleen']))).toEqual([]);
    expect(readConsistency(read('fdg', [], { patientCall: 'positive' })).map((w) => w.code)).toEqual([
      'patient-call-positive-without-findings',
    ]);
  });
});

describe('comparing the tracers', () => {
  it('counts region concordance: 1 both, 1 FDG only, 2 Pentixafor only, 1 not comparable, 18 both negative', () => {
    const fdg = read('fdg', ['cervical', 'mediastinal']);
    const pentixafor = read('pentixafor', ['cervical', 'bone-marrow', 'spleen']);
    const withEquivocal = {
      ...pentixafor,
      regions: pentixafor.regions.map((r) =>
        r.region === 'liver' ? { ...r, finding: 'equivocal' as const } : r,
      ),
    };
    const c = compareTracerReads(fdg, withEquivocal);
    expect([c.bothPositive, c.fdgOnly, c.pentixaforOnly, c.notComparable, c.bothNegative]).toEqual([
      1, 1, 2, 1, 18,
    ]);
    expect(c.bothPositive + c.fdgOnly + c.pentixaforOnly + c.notComparable + c.bothNegative).toBe(23);
    expect(c.patient).toEqual({ fdg: 'positive', pentixafor: 'positive' });
  });

  it('refuses two reads of the same tracer or of different participants', () => {
    expect(() => compareTracerReads(read('fdg', []), read('fdg', []))).toThrow(
      /expected an FDG and a Pentixafor read/,
    );
    expect(() =>
      compareTracerReads(read('fdg', []), { ...read('pentixafor', []), participantId: 'CX-002' }),
    ).toThrow(/participantId/);
  });
});

describe('Deauville', () => {
  it('counts scores 1-3 and X as complete metabolic response and 4-5 as residual disease (Lugano 2014)', () => {
    expect(([1, 2, 3, 4, 5, 'X'] as const).map(deauvilleIsCompleteMetabolicResponse)).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
    ]);
  });
});
