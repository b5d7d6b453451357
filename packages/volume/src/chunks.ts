/** Voxels per chunk in `forChunks`: large enough to amortise the call, small enough to re-enter often. */
const CHUNK = 1 << 16;

/**
 * Runs `body(start, end)` over [0, length) in chunks of 65 536 voxels. V8 compiles a loop that runs once
 * over 20 M voxels by on-stack replacement and throws the compiled code away whenever a branch it has
 * not yet seen is taken, falling back to the interpreter; a chunk body called hundreds of times is
 * compiled as a normal function with complete type feedback instead (3–10× faster on whole-body volumes).
 */
export function forChunks(length: number, body: (start: number, end: number) => void): void {
  for (let start = 0; start < length; start += CHUNK) body(start, Math.min(length, start + CHUNK));
}
