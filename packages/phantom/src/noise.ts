/**
 * A seeded stream of uniform numbers in (0, 1), never 0 or 1 (SplitMix32, hand-written for the same
 * reason as `normalStream`: the stream must be fixed by this code alone).
 */
export function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return (z + 0.5) / 4294967296; // in (0, 1), never 0
  };
}

/**
 * A seeded stream of standard normal numbers. Hand-written (SplitMix32 + Box–Muller, ~15 lines)
 * rather than a library so that the stream is fixed by this code alone: the same seed must give
 * the same phantom bytes on every machine and every future dependency version.
 * @see Steele GL, Lea D, Flood CH. Fast splittable pseudorandom number generators. OOPSLA 2014.
 */
export function normalStream(seed: number): () => number {
  const uniform = uniformStream(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
