import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../test-support.ts';

describe('cxcr4pet demo', () => {
  it('writes both tracers’ studies and finds every Pentixafor lesion, but not the FDG-negative bone lesion', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cxcr4pet-demo-'));
    try {
      const result = await cli('demo', '--out', out);
      expect(result.code, result.stderr).toBe(0);
      expect((await readdir(join(out, 'pentixafor'))).sort()).toEqual(['CT', 'PET', 'truth.json']);
      expect((await readdir(join(out, 'fdg'))).sort()).toEqual(['CT', 'PET', 'truth.json']);
      // Every Pentixafor lesion has true SUV ≥ 7 against a PERCIST threshold near 1.5 × 1.9 + 2 × 0.19 ≈ 3.2.
      expect(result.stdout).toMatch(/pentixafor 8\/8 true lesions found/);
      // The iliac bone lesion has FDG SUV 1.2, below the liver's 2.3: PERCIST cannot see it.
      expect(result.stdout).toMatch(/right-iliac-bone\s+true SUV\s+1\.2, r 12 mm: not found/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
