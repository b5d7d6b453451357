// Benchmark: rigid registration of two whole-body CTs (issue 4: < 10 s), 200 × 200 × 500 voxels of
// 2 × 1.6 × 2 mm (20 M float32 voxels each), the second the same synthetic body shifted and turned.
// Baseline in the same run: one plain pass over the volume. Run: npx tsx packages/imaging/bench/registration.bench.ts
import { recentreTransform, registerRigid } from '@cxcr4pet/imaging';
import type { Vec3 } from '@cxcr4pet/volume';
import { syntheticCt } from '../src/registration/synthetic-ct.ts';

const DIMS: Vec3 = [200, 200, 500];
const SPACING_MM: Vec3 = [2, 1.6, 2];
const GOAL_MS = 10_000;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const truth = { translationMm: [14, -9, 11], rotationDeg: [2, -1.5, 3], centreMm: [0, 0, 480] } as const;
const fixed = syntheticCt(DIMS, SPACING_MM);
const moving = syntheticCt(DIMS, SPACING_MM, truth);

const onePass: number[] = [];
const register: number[] = [];
let result: ReturnType<typeof registerRigid> | undefined;
for (let run = 0; run <= RUNS; run++) {
  let start = performance.now();
  let sum = 0;
  for (let n = 0; n < fixed.data.length; n++) sum += fixed.data[n] as number;
  const pass = performance.now() - start;
  if (!Number.isFinite(sum)) throw new Error('unreachable: the sum keeps the pass from being removed');
  start = performance.now();
  result = registerRigid(fixed, moving);
  const took = performance.now() - start;
  if (run === 0) continue; // warm-up
  onePass.push(pass);
  register.push(took);
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const registerMs = median(register);
const passMs = median(onePass);
console.log(
  `two CTs of ${DIMS.join(' × ')} voxels (${((DIMS[0] * DIMS[1] * DIMS[2]) / 1e6).toFixed(0)} M each), median of ${RUNS}`,
);
console.log(`one pass over the volume      ${ms(passMs)}`);
console.log(
  `registerRigid                 ${ms(registerMs)} = ${(registerMs / GOAL_MS).toFixed(2)} × the 10 s goal ` +
    `(${registerMs < GOAL_MS ? 'met' : 'MISSED'}), ${(registerMs / passMs).toFixed(0)} × one pass`,
);
if (result !== undefined) {
  const expected = recentreTransform(truth, result.centreMm);
  const error = result.translationMm.map((v, a) => Math.abs(v - (expected.translationMm[a] as number)));
  const angle = result.rotationDeg.map((v, a) => Math.abs(v - (expected.rotationDeg[a] as number)));
  console.log(
    `levels                        ${result.levels
      .map(
        (l) =>
          `${l.spacingMm[0]} mm ×${l.stride}: ${l.iterations} it, ${(l.samples / 1e6).toFixed(2)} M samples`,
      )
      .join('; ')}`,
  );
  console.log(
    `cross-check: translation error ${error.map((e) => e.toFixed(2)).join(', ')} mm, rotation error ` +
      `${angle.map((e) => e.toFixed(3)).join(', ')}°, residual ${result.residualMm.toFixed(2)} mm`,
  );
}
