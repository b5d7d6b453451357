// Plain JavaScript (no tsx needed) so the CLI can decide before it loads anything else.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** glibc ≥ 2.35: large malloc/calloc blocks (ArrayBuffers of volumes) are madvise'd for huge pages. */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

function glibcSupportsHugePages() {
  const excludeNetwork = process.report.excludeNetwork;
  process.report.excludeNetwork = true; // the report's network part takes ~100 ms
  const header = /** @type {{ glibcVersionRuntime?: string }} */ (process.report.getReport().header);
  process.report.excludeNetwork = excludeNetwork;
  const [major = 0, minor = 0] = (header.glibcVersionRuntime ?? '').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 35);
}

function kernelAllowsHugePages() {
  try {
    return !readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[never]');
  } catch {
    return false;
  }
}

/**
 * Runs this Node program again, once, with `GLIBC_TUNABLES` asking glibc's malloc for transparent huge
 * pages, and resolves to the child's exit code; resolves to `undefined` when this process should do the
 * work itself (the tunable is already set, to any value, or the platform cannot use it).
 *
 * Why: a whole-body volume is 80 MB written into fresh memory, and on virtual machines a first-touched
 * 4 KiB page is expensive (bench/RESULTS.md: writing a fresh 80 MB Float32Array took ≈ 64 ms of CPU
 * with 19,600 page faults, ≈ 42 ms with 270 faults on 2 MiB pages). numpy asks for huge pages itself
 * (madvise); Node cannot from JavaScript, but glibc does it for every large allocation when the
 * tunable is set at process start. The results are the same bits either way; only the page size changes.
 * Set `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` to opt out.
 * @returns {Promise<number | undefined>}
 */
export function rerunWithHugePages() {
  const current = process.env.GLIBC_TUNABLES ?? '';
  if (
    process.platform !== 'linux' ||
    current.includes('glibc.malloc.hugetlb') ||
    !kernelAllowsHugePages() ||
    !glibcSupportsHugePages()
  )
    return Promise.resolve(undefined);
  const env = {
    ...process.env,
    GLIBC_TUNABLES: current === '' ? HUGE_PAGES_TUNABLE : `${current}:${HUGE_PAGES_TUNABLE}`,
  };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env,
  });
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(undefined)); // could not start: run here, without huge pages
    child.on('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      if (signal !== null) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}
