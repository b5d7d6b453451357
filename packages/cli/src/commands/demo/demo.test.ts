import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCohort } from '@cxcr4pet/phantom';
import { count, renderPdf } from '@cxcr4pet/report';
import { listJobs, openStore } from '@cxcr4pet/store';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import { reportFromDatabase } from '../report-from-store.ts';

// The whole demo on a small cohort (8 screened, 7 enrolled: 14 PET/CTs of 240 DICOM files each): about a
// minute on an idle core, several under load; the PDF needs Debian's chromium and poppler-utils
// (scripts/setup.sh --test).
const root = mkdtempSync(join(tmpdir(), 'cxcr4pet-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');
const DPI = 40;

/** Share of pixels darker than near-white in a box (mm) of a page image. */
function inkShare(png: PNG, box: { xMm: number; yMm: number; widthMm: number; heightMm: number }): number {
  const px = (mm: number) => Math.round((mm / 25.4) * DPI);
  const [x0, y0, x1, y1] = [px(box.xMm), px(box.yMm), px(box.xMm + box.widthMm), px(box.yMm + box.heightMm)];
  let ink = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * png.width + x);
      if (Math.min(png.data[i] ?? 255, png.data[i + 1] ?? 255, png.data[i + 2] ?? 255) < 235) ink++;
    }
  return ink / Math.max(1, (x1 - x0) * (y1 - y0));
}

describe('cxcr4pet demo --size 8', () => {
  const run = cli('demo', '--data', data, '--size', '8', '--seed', '1', '--no-serve');

  it('builds the study from nothing: records, images, jobs, analyses and a report from the database', async () => {
    const result = await run;
    expect(result.stderr).not.toMatch(/warning|error/i);
    expect(result.code, result.stderr).toBe(0);
    const cohort = makeCohort({ size: 8, seed: 1 });
    const enrolled = cohort.participants.filter((p) => p.truth !== null);
    expect(result.stdout).toMatch(
      new RegExp(
        `^cohort {7}8 screened, ${count(8 - enrolled.length, 'screen failure')}, ${enrolled.length} enrolled`,
        'm',
      ),
    );
    expect(result.stdout).toMatch(new RegExp(`^images {7}${2 * enrolled.length} PET/CT studies`, 'm'));
    expect(result.stdout).toMatch(/^admin {8}user 'admin', password '[A-Za-z0-9_-]{18}'$/m);
    const store = await openStore(data, {});
    try {
      const db = store.db.kysely;
      const participants = await db.selectFrom('participant').select('participant_id').execute();
      expect(participants).toHaveLength(8);
      // Every record of the cohort went in, each as version 1 by the demo, validated by its schema.
      const records = await db.selectFrom('study_record').select(['record_type', 'version']).execute();
      expect(records.filter((r) => r.record_type === 'scan')).toHaveLength(2 * enrolled.length);
      expect(records.every((r) => r.version === 1)).toBe(true);
      // Each enrolled participant's first-line treatment, written through createRecord, after the scans.
      const treatments = await db
        .selectFrom('study_record')
        .select(['participant_id', 'data'])
        .where('record_type', '=', 'treatment')
        .orderBy('participant_id')
        .execute();
      expect(treatments.map((t) => [t.participant_id, (t.data as { regimen: string }).regimen])).toEqual(
        enrolled.map((p) => [p.participantId, p.truth?.treatment.regimen]),
      );
      for (const p of enrolled) {
        const row = treatments.find((t) => t.participant_id === p.participantId);
        const start = (row?.data as { startDate?: string } | undefined)?.startDate ?? '';
        for (const scan of p.records.scans) expect(start > scan.acquisitionStartAt.slice(0, 10)).toBe(true);
      }
      const instances = await db
        .selectFrom('dicom_instance')
        .select(['participant_id', 'modality'])
        .execute();
      // 120 PET + 120 CT slices per study on the demo's 8 mm grid.
      expect(instances).toHaveLength(2 * enrolled.length * 240);
      const jobs = await listJobs(db);
      expect(jobs.every((j) => j.state === 'succeeded')).toBe(true);
      expect(jobs.filter((j) => j.kind === 'import-folder')).toHaveLength(2 * enrolled.length);
      expect(jobs.filter((j) => j.kind === 'analyse-series')).toHaveLength(2 * enrolled.length);
      expect(jobs.filter((j) => j.kind === 'compare-series')).toHaveLength(enrolled.length);
      const analyses = await db.selectFrom('analysis').selectAll().execute();
      expect(analyses).toHaveLength(3 * enrolled.length);

      // The report read back from the database is the one the demo wrote.
      const { dataset, report } = await reportFromDatabase(db, store.dataDir);
      const html = readFileSync(join(data, 'report', 'report.html'), 'utf8');
      expect(html).toBe(report.html);
      expect(dataset.participants).toHaveLength(enrolled.length);
      // The report's treatment table counts the database's treatment records: one R-CHOP etc. per truth.
      const byRegimen = new Map<string, number>();
      for (const p of enrolled) {
        const regimen = p.truth?.treatment.regimen ?? '';
        byRegimen.set(regimen, (byRegimen.get(regimen) ?? 0) + 1);
      }
      const tabulated = new Map<string, number>();
      for (const m of html.matchAll(/data-key="baseline\.treatment\.[^".]+\.([^"]+)" data-value="(\d+)"/g))
        tabulated.set(m[1] ?? '', (tabulated.get(m[1] ?? '') ?? 0) + Number(m[2]));
      expect(tabulated).toEqual(byRegimen);
      expect(html).toMatch(/data-key="treatment\.deviations" data-value="0"/);
      // Imaging values come from the stored analyses (found in the images), not from the cohort's truth:
      // each per-patient SUVmax is the SUVmax of a lesion of the cited analysis.
      for (const p of dataset.participants) {
        for (const tracer of ['pentixafor', 'fdg'] as const) {
          const row = analyses.find((a) => a.analysis_id === p.analysisIds?.[tracer]);
          const lesions = (row?.result as { lesions?: { suvMax: number }[] } | undefined)?.lesions ?? [];
          if (p.positive[tracer]) expect(lesions.map((l) => l.suvMax)).toContain(p.suvMax[tracer]);
          else expect(p.suvMax[tracer]).toBe(0);
          const truth = cohort.participants.find((c) => c.participantId === p.participantId)?.truth;
          expect(p.suvMax[tracer]).not.toBe(truth?.suvMax[tracer]);
        }
      }

      // The PDF: one A4 page per section, and ink inside every figure box. The boxes come from printing
      // the same HTML again (identical above, so the layout is the same).
      const pdf = join(data, 'report', 'report.pdf');
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`^Pages:\\s+${report.pages}$`, 'm'));
      expect(report.pages).toBe(10);
      const printed = await renderPdf(report.html);
      execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdf, join(root, 'page')]);
      const pages = readdirSync(root).filter((f) => f.startsWith('page-') && f.endsWith('.png'));
      expect(pages).toHaveLength(report.pages);
      expect(printed.figures.map((f) => f.id).sort()).toEqual([
        'fig-consort',
        'fig-forest',
        'fig-km',
        'fig-paired',
        'fig-roc',
      ]);
      for (const figure of printed.figures) {
        const png = PNG.sync.read(
          readFileSync(
            join(root, `page-${String(figure.page).padStart(String(report.pages).length, '0')}.png`),
          ),
        );
        // A drawn figure inks 5–15 % of its box (report room's PDF test: under 1 % with empty SVGs).
        expect(inkShare(png, figure), figure.id).toBeGreaterThan(0.02);
      }
    } finally {
      await store.close();
    }
    expect(existsSync(join(data, 'incoming'))).toBe(false);

    // cxcr4pet report on the same database writes the same document.
    const out = join(root, 'report-again');
    const again = await cli('report', '--data', data, '--out', out, '--no-pdf');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^wrote report\.html to .* \(10 pages; 8 screened, \d+ enrolled\)$/m);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(
      readFileSync(join(data, 'report', 'report.html'), 'utf8'),
    );
  }, 900_000);

  it('refuses a data folder that is not empty, with one line, before touching it', async () => {
    await run;
    const again = await cli('demo', '--data', data, '--size', '8', '--no-serve');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^cxcr4pet demo: .* is not empty: the demo builds a new study in a fresh folder/,
    );
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    const small = await cli('demo', '--data', join(root, 'other'), '--size', '5');
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/--size '5' is not a whole number from 8 to 2000/);
    expect(existsSync(join(root, 'other'))).toBe(false);
    const none = await cli('report', '--data', join(root, 'nothing'), '--out', join(root, 'r'), '--no-pdf');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /nothing holds no study database \(give --data <dir>; 'cxcr4pet demo' makes one\)/,
    );
    expect(existsSync(join(root, 'nothing'))).toBe(false);
  }, 900_000);
});
