import { describe, expect, it } from 'vitest';
import { deriveUid } from './uid.ts';

describe('deriveUid', () => {
  it('gives the same UID for the same parts and a different one for different parts', () => {
    expect(deriveUid('seed', 1, 'pet')).toBe(deriveUid('seed', 1, 'pet'));
    expect(deriveUid('seed', 1, 'pet')).not.toBe(deriveUid('seed', 2, 'pet'));
  });

  it('is a valid UID: 2.25 root, digits only, no leading zero, at most 64 characters', () => {
    for (let n = 0; n < 200; n++) {
      const uid = deriveUid('x', n);
      expect(uid).toMatch(/^2\.25\.(0|[1-9][0-9]*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });
});
