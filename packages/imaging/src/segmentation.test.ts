import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors.ts';
import { formatSegmentation, parseSegmentation } from './segmentation.ts';

describe('parseSegmentation', () => {
  it('reads a fixed SUV threshold', () => {
    expect(parseSegmentation('suv:2.5')).toEqual({ kind: 'suv', thresholdSuv: 2.5 });
  });

  it('reads a percentage with the default seed SUV of 2.5 and dip fraction of 0.3', () => {
    expect(parseSegmentation('percent:41')).toEqual({
      kind: 'percent',
      percent: 41,
      seedSuv: 2.5,
      minDipFraction: 0.3,
    });
  });

  it('reads a percentage with its own seed SUV and dip fraction', () => {
    expect(parseSegmentation('percent:50,seed:4,dip:0.1')).toEqual({
      kind: 'percent',
      percent: 50,
      seedSuv: 4,
      minDipFraction: 0.1,
    });
  });

  it('reads percist in any case and with spaces around it', () => {
    expect(parseSegmentation(' PERCIST ')).toEqual({ kind: 'percist' });
  });

  it('round-trips through formatSegmentation', () => {
    for (const text of ['suv:4', 'percent:41,seed:3,dip:0.25', 'percist']) {
      expect(formatSegmentation(parseSegmentation(text))).toBe(text);
    }
  });

  it.each([
    ['suv', /give the threshold/],
    ['suv:', /threshold '' is not a number/],
    ['suv:abc', /threshold 'abc' is not a number/],
    ['suv:-1', /greater than 0/],
    ['percent:0', /between 0 and 100/],
    ['percent:100', /between 0 and 100/],
    ['percent:41,seed:x', /seed SUV 'x' is not a number/],
    ['percent:41,min:2', /unknown option 'min:2'/],
    ['percent:41,dip:1', /dip fraction must lie in \[0, 1\)/],
    ['otsu', /unknown method/],
    ['', /unknown method/],
  ])('rejects %j with a one-line reason', (text, reason) => {
    let caught: unknown;
    try {
      parseSegmentation(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImagingError);
    const error = caught as ImagingError;
    expect(error.code).toBe('invalid-segmentation');
    expect(error.field).toBe('segment');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`'${text}'`);
    expect(error.message).not.toContain('\n');
  });
});
