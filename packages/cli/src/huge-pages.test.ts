import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const helper = fileURLToPath(new URL('../bin/huge-pages.js', import.meta.url));
// A program that re-runs itself through the helper, then reports what the process doing the work saw:
// its GLIBC_TUNABLES and how much of an 80 MB Float32Array it wrote landed on huge pages.
const program = `
import { readFileSync } from 'node:fs';
const { rerunWithHugePages } = await import(${JSON.stringify(helper)});
const code = await rerunWithHugePages();
if (code !== undefined) process.exit(code);
const volume = new Float32Array(20_000_000).fill(1);
const huge = /AnonHugePages:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
console.log(JSON.stringify({ tunables: process.env.GLIBC_TUNABLES ?? '', hugeKb: Number(huge?.[1] ?? 0), first: volume[0] }));
process.exit(7);
`;

function run(env: NodeJS.ProcessEnv): { code: number | null; report: { tunables: string; hugeKb: number } } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    env,
    encoding: 'utf8',
  });
  return { code: child.status, report: JSON.parse(child.stdout) };
}

function thpMode(): string {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? '';
  } catch {
    return '';
  }
}

const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header
  .glibcVersionRuntime;
const usable = process.platform === 'linux' && glibc !== undefined && Number(glibc.split('.')[1]) >= 35;

describe('rerunWithHugePages (the CLI asks glibc for transparent huge pages)', () => {
  it.skipIf(!usable || thpMode() === 'never' || thpMode() === '')(
    're-runs once with the tunable added, passes the exit code on, and a volume then lands on huge pages',
    () => {
      const { GLIBC_TUNABLES: _, ...env } = process.env;
      const withTunable = run({ ...env, GLIBC_TUNABLES: 'glibc.malloc.check=0' });
      expect(withTunable.code).toBe(7);
      expect(withTunable.report.tunables).toBe('glibc.malloc.check=0:glibc.malloc.hugetlb=1');
      // Most of the 78 MiB should be on 2 MiB pages (the kernel may leave the unaligned ends on 4 KiB).
      expect(withTunable.report.hugeKb).toBeGreaterThan(40_000);
    },
  );

  it('does not re-run when the tunable is already set (GLIBC_TUNABLES=glibc.malloc.hugetlb=0 opts out)', () => {
    const optOut = run({ ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
    expect(optOut.code).toBe(7);
    expect(optOut.report.tunables).toBe('glibc.malloc.hugetlb=0');
    // With THP on 'madvise' (this VM), nothing asks for huge pages then; with 'always' the kernel gives them anyway.
    if (thpMode() === 'madvise') expect(optOut.report.hugeKb).toBe(0);
  });
});
