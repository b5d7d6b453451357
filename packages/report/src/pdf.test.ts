import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCohort } from '@cxcr4pet/phantom';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStudyReport } from './html.ts';
import { PAGE_MM, renderPdf } from './pdf.ts';
import { datasetFromCohort } from './synthetic.ts';

// The PDF is printed by Debian's chromium and read back with poppler-utils (pdfinfo, pdftoppm), both
// installed by scripts/setup.sh --test. One browser start per test file keeps it well under 60 s.
const DPI = 50;
const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = await buildStudyReport(datasetFromCohort(makeCohort({ size: 40, seed: 1 })), {
  software: 'cxcr4pet',
  version: '0.1.0-test',
  commit: null,
});
const printed = await renderPdf(report.html);
const pdfPath = join(dir, 'report.pdf');
writeFileSync(pdfPath, printed.pdf);
execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdfPath, join(dir, 'page')]);

function pageImage(page: number): PNG {
  const digits = String(report.pages).length;
  return PNG.sync.read(readFileSync(join(dir, `page-${String(page).padStart(digits, '0')}.png`)));
}

/** Pixels darker than near-white (any channel < 235) in a box given in mm, and the box's pixel count. */
function inked(png: PNG, xMm: number, yMm: number, wMm: number, hMm: number): { ink: number; total: number } {
  const px = (mm: number) => Math.round((mm / 25.4) * DPI);
  const [x0, y0] = [Math.max(0, px(xMm)), Math.max(0, px(yMm))];
  const [x1, y1] = [Math.min(png.width, px(xMm + wMm)), Math.min(png.height, px(yMm + hMm))];
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * png.width + x);
      if ((png.data[i] ?? 255) < 235 || (png.data[i + 1] ?? 255) < 235 || (png.data[i + 2] ?? 255) < 235)
        ink++;
    }
  }
  return { ink, total: (x1 - x0) * (y1 - y0) };
}

describe('renderPdf', () => {
  it('prints one A4 page per report section', () => {
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`^Pages:\\s+${report.pages}$`, 'm'));
    expect(report.pages).toBe(9);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    // A4 = 595.28 × 841.89 pt.
    expect(Number(size?.[1])).toBeCloseTo(595.28, 0);
    expect(Number(size?.[2])).toBeCloseTo(841.89, 0);
  });

  it('draws every figure: ink inside each figure box, none in the empty bottom margin', () => {
    expect(printed.figures.map((f) => f.id).sort()).toEqual([
      'fig-consort',
      'fig-forest',
      'fig-km',
      'fig-paired',
      'fig-roc',
    ]);
    for (const f of printed.figures) {
      const png = pageImage(f.page);
      expect(png.width).toBe(Math.ceil((210 / 25.4) * DPI));
      // The box must lie on the page; the figures are 60–120 mm tall.
      expect(f.yMm + f.heightMm, f.id).toBeLessThan(PAGE_MM.height - PAGE_MM.bottom);
      expect(f.heightMm, f.id).toBeGreaterThan(40);
      const { ink, total } = inked(png, f.xMm, f.yMm, f.widthMm, f.heightMm);
      // Measured: 6–11 % of each figure box is inked; with the SVGs replaced by empty ones, under 1 %.
      expect(ink / total, `${f.id} on page ${f.page}: ${ink} of ${total} pixels inked`).toBeGreaterThan(0.02);
      const margin = inked(png, 0, PAGE_MM.height - PAGE_MM.bottom + 2, 210, PAGE_MM.bottom - 2);
      expect(margin.ink, `bottom margin of page ${f.page}`).toBe(0);
    }
  });
});
