import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../test-support.ts';

const root = mkdtempSync(join(tmpdir(), 'cxcr4pet-cli-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const run = (argv: readonly string[]) => cli(...argv);

describe('cxcr4pet report', () => {
  it('writes the HTML report of a synthetic cohort and prints the estimated and simulated hazard ratios', async () => {
    const out = join(root, 'report');
    const r = await run(['report', '--out', out, '--cohort-size', '40', '--seed', '3', '--no-pdf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote report\.html to .* \(9 pages; 40 screened, 33 enrolled\)$/m);
    expect(r.stdout).toMatch(
      /^CXCR4-high hazard ratio \d+\.\d\d \(95 % CI \d+\.\d\d–\d+\.\d\d\); simulated 2\.00$/m,
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-key="consort.assessed" data-value="40"');
    expect(existsSync(join(out, 'report.pdf'))).toBe(false);
  });

  it('refuses bad options and a non-empty folder with one line, leaving the folder as it was', async () => {
    const missing = await run(['report']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "cxcr4pet report: --out <folder> is required (see 'cxcr4pet report --help')\n",
    );
    const size = await run(['report', '--out', join(root, 'x'), '--cohort-size', '3']);
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/^cxcr4pet report: --cohort-size '3' is not a whole number from 10 to 5000/);
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const refused = await run(['report', '--out', full, '--no-pdf']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(full, 'report.html'))).toBe(false);
  });
});
