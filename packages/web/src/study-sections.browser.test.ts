import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCohort } from '@cxcr4pet/phantom';
import { analyseStudy, datasetFromCohort } from '@cxcr4pet/report';
import { seedCohort } from '@cxcr4pet/server/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, buildWebApp, launchChromium } from './testing/browser.ts';
import { type StudyServer, startStudyServer } from './testing/study-server.ts';

// The study app's sections beside the worklist (dashboards; audit and administration), built with
// Vite, served by the study server on a seeded synthetic cohort, driven in Debian's headless Chromium.
// The figures are checked by what is drawn: the SVG Vega puts on the page, at the positions its
// scales give the numbers computed independently here from the cohort (report room on cohort truth).

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const SHOTS = fileURLToPath(new URL('../../../.tmp/screenshots/', import.meta.url));
const STATISTICIAN = { userId: 'stan', role: 'statistician', password: 'statistician pass 1' } as const;
const cohort = makeCohort({ size: 40, seed: 1 });
const expected = analyseStudy(datasetFromCohort(cohort));

/** The `translate(x,y)` of an SVG element's transform attribute. */
function translateOf(transform: string | null): [number, number] {
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(transform ?? '');
  if (m === null) throw new Error(`no translate in '${transform}'`);
  return [Number(m[1]), Number(m[2])];
}

async function download(page: Page, button: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return readFile(path);
}

describe.skipIf(unavailable !== undefined)('dashboards, audit and admin in Chromium', () => {
  let appDir: string;
  let server: StudyServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-sections-'));
    const [started] = await Promise.all([
      startStudyServer(appDir, [STATISTICIAN], { seed: (db) => seedCohort(db, cohort, 'S1') }),
      buildWebApp(appDir),
    ]);
    server = started;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (appDir !== undefined) await rm(appDir, { recursive: true, force: true });
  });

  it('draws Kaplan–Meier, ROC and forest figures from the database, with the numbers at risk and the Youden point where they belong', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(STATISTICIAN.userId);
    await page.getByLabel('Password').fill(STATISTICIAN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Dashboards' }).click();
    await page.waitForURL(`${server.url}/dashboards`);
    const km = page.locator('[data-figure="km"] svg');
    await km.waitFor();

    // Log-rank p as listed beside the figure, full precision in data-value.
    const p = Number(
      await page.locator('[data-panel="km"] [data-fact="logRank.p"]').getAttribute('data-value'),
    );
    expect(Math.abs(p - expected.km.logRank.p)).toBeLessThan(1e-12);

    // Numbers at risk, read off the drawing: text marks of the table under the curves, x = month on
    // the 0–36 month axis of 560 px, CXCR4-low in the upper row.
    const texts = await km
      .locator('g.concat_1_marks text')
      .evaluateAll((nodes) =>
        nodes.map((n) => ({ t: n.textContent ?? '', tr: n.getAttribute('transform') })),
      );
    const drawn = texts.map(({ t, tr }) => ({ n: Number(t), at: translateOf(tr) }));
    const rows = [...new Set(drawn.map((d) => d.at[1]))].sort((a, b) => a - b);
    expect(rows.length).toBe(2);
    const months = [0, 6, 12, 18, 24, 30, 36];
    for (const { group, counts } of expected.km.atRisk) {
      const y = rows[group === 'CXCR4-low' ? 0 : 1];
      months.forEach((month, i) => {
        const at = drawn.find((d) => d.at[1] === y && Math.abs(d.at[0] - (month / 36) * 560) < 0.5);
        expect(at?.n, `${group} at risk at ${month} months`).toBe(counts[i]);
      });
    }

    // The Youden point: x = (1 − specificity) × 340 px, y = (1 − sensitivity) × 340 px.
    const youden = expected.roc.result.youden;
    const point = translateOf(
      await page.locator('[data-figure="roc"] svg g.layer_2_layer_0_marks path').getAttribute('transform'),
    );
    expect(point[0]).toBeCloseTo((1 - youden.specificity) * 340, 1);
    expect(point[1]).toBeCloseTo((1 - youden.sensitivity) * 340, 1);
    const auc = Number(await page.locator('[data-panel="roc"] [data-fact="auc"]').getAttribute('data-value'));
    expect(Math.abs(auc - expected.roc.result.auc)).toBeLessThan(1e-12);

    // Forest plot: one square per coefficient, univariable and multivariable (3 + 3).
    await expect(
      page.locator('[data-figure="forest"] svg g.mark-symbol.role-mark path').count(),
    ).resolves.toBe(6);
    expect(problems).toEqual([]);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboards.png'), fullPage: true });
  });

  it('downloads each figure as SVG, PNG and CSV', async () => {
    const panel = page.locator('[data-panel="km"]');
    const csv = (await download(page, panel.getByRole('button', { name: /as CSV$/ }))).toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('group,timeMonths,nRisk,nEvent,nCensor,survival,lower95,upper95');
    const high = expected.km.groups.find((g) => g.group === 'CXCR4-high')?.curve;
    const highRows = lines.slice(1).filter((l) => l.startsWith('CXCR4-high,'));
    expect(highRows.length).toBe(high?.times.length);
    expect(Number(highRows[0]?.split(',')[5])).toBeCloseTo(high?.survival[0] ?? Number.NaN, 12);

    const svg = (await download(page, panel.getByRole('button', { name: /as SVG$/ }))).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Number at risk');

    const png = PNG.sync.read(await download(page, panel.getByRole('button', { name: /as PNG$/ })));
    expect(png.width).toBeGreaterThan(1000); // 2× the ~600 px figure
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 128) dark++;
    const share = dark / (png.width * png.height);
    expect(share, 'share of dark pixels (curves, axes, text)').toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.3);

    const flow = page.locator('[data-panel="flow"]');
    const flowSvg = (await download(page, flow.getByRole('button', { name: /as SVG$/ }))).toString('utf8');
    expect(flowSvg).toContain(`${expected.consort.assessed}`);
    const flowPng = PNG.sync.read(await download(page, flow.getByRole('button', { name: /as PNG$/ })));
    expect(flowPng.width).toBeGreaterThan(600);
  });

  it('recomputes with another cut-off and says why a panel is not available', async () => {
    await page.getByLabel('CXCR4-high: Pentixafor SUVmax ≥').fill('0');
    await page.getByRole('button', { name: 'Recompute' }).click();
    await expect(page.getByText('a positive SUV, e.g. 11.5').count()).resolves.toBe(1);
    await page.getByLabel('CXCR4-high: Pentixafor SUVmax ≥').fill('1000');
    await page.getByRole('button', { name: 'Recompute' }).click();
    await page.locator('[data-panel="km"] [role="status"]').waitFor();
    expect(await page.locator('[data-panel="km"] [role="status"]').textContent()).toMatch(/^Not available: /);
    await expect(page.locator('[data-figure="roc"] svg').count()).resolves.toBe(1);
  });
});
