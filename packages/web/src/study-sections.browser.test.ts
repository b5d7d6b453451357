import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { cohortSurvival, makeCohort } from '@cxcr4pet/phantom';
import { analyseStudy, datasetFromCohort } from '@cxcr4pet/report';
import { seedCohort } from '@cxcr4pet/server/testing';
import type { Browser, Dialog, Locator, Page } from 'playwright-core';
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
const COORDINATOR = { userId: 'cora', role: 'coordinator', password: 'coordinator pass 1' } as const;
const ADMIN = { userId: 'ada', role: 'admin', password: 'administrator pass 1' } as const;
const cohort = makeCohort({ size: 40, seed: 1 });
const expected = analyseStudy(datasetFromCohort(cohort));

/** The `translate(x,y)` of an SVG element's transform attribute. */
function translateOf(transform: string | null): [number, number] {
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(transform ?? '');
  if (m === null) throw new Error(`no translate in '${transform}'`);
  return [Number(m[1]), Number(m[2])];
}

type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
/** One API session per user and server: sign-ins from one address are rate-limited (10 a minute). */
const apiSessions = new Map<string, Promise<ApiCall>>();

/** Signs in over HTTP (not the page) and calls the API as that user: for set-up steps such as the lock. */
function apiAs(baseUrl: string, user: { userId: string; password: string }): Promise<ApiCall> {
  const key = `${baseUrl} ${user.userId}`;
  const known = apiSessions.get(key);
  if (known !== undefined) return known;
  const session = signInOverHttp(baseUrl, user);
  apiSessions.set(key, session);
  return session;
}

async function signInOverHttp(baseUrl: string, user: { userId: string; password: string }): Promise<ApiCall> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.userId, password: user.password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${user.userId}: HTTP ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
}

async function signInAs(page: Page, baseUrl: string, user: { userId: string; password: string }) {
  await page.goto(`${baseUrl}/`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  // Wait until the app knows whether a session is on (sign-in form or sign-out button).
  await signOut.or(page.getByLabel('Username')).waitFor();
  if ((await signOut.count()) > 0) {
    // A user with unsaved drafts is asked first; the test's drafts may go.
    const accept = (dialog: Dialog) => void dialog.accept();
    page.on('dialog', accept);
    await signOut.click();
    await page.getByLabel('Username').waitFor();
    page.off('dialog', accept);
  }
  await page.getByLabel('Username').fill(user.userId);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
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
      startStudyServer(appDir, [STATISTICIAN, COORDINATOR, ADMIN], {
        seed: (db) => seedCohort(db, cohort, 'S1'),
      }),
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
    await page.screenshot({ path: join(SHOTS, 'dashboards.png') });
    await page.locator('[data-panel="km"]').screenshot({ path: join(SHOTS, 'dashboard-km.png') });
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

  it('draws per-lesion detection from the stored comparisons, counted as the cohort truth has it, with its downloads', async () => {
    // seedCohort stores each participant's comparison with the cohort's lesions seen on both tracers,
    // on Pentixafor only and on FDG only: the panel must count exactly those, by hand here.
    const lesions = cohort.participants.flatMap((p) => p.truth?.lesions ?? []);
    const seen = (a: boolean, b: boolean) =>
      lesions.filter((l) => l.detected.pentixafor === a && l.detected.fdg === b).length;
    const panel = page.locator('[data-panel="lesion-detection"]');
    const fact = async (key: string) =>
      Number(await panel.locator(`[data-fact="${key}"]`).getAttribute('data-value'));
    await panel.locator('[data-fact="n"]').waitFor();
    const n = seen(true, true) + seen(true, false) + seen(false, true);
    expect(await fact('n')).toBe(n);
    expect(await fact('both')).toBe(seen(true, true));
    expect(await fact('pentixaforOnly')).toBe(seen(true, false));
    expect(await fact('fdgOnly')).toBe(seen(false, true));
    // Two bars whose heights are in the ratio of the shares positive (Pentixafor : FDG).
    const bars = panel.locator('[data-figure="lesion-detection"] svg g.mark-rect path');
    await expect.poll(() => bars.count()).toBe(2);
    const heights = (await bars.evaluateAll((paths) =>
      paths.map((p) => (p as unknown as { getBBox(): { height: number } }).getBBox().height),
    )) as number[];
    const share = {
      pentixafor: (seen(true, true) + seen(true, false)) / n,
      fdg: (seen(true, true) + seen(false, true)) / n,
    };
    expect((heights[0] ?? 0) / (heights[1] ?? 1)).toBeCloseTo(share.pentixafor / share.fdg, 2);

    const csv = (await download(page, panel.getByRole('button', { name: /as CSV$/ }))).toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('participantId,lesion,detectedPentixafor,detectedFdg,suvMaxPentixafor,suvMaxFdg');
    expect(lines).toHaveLength(n + 1);
    // The statistician sees pseudonyms, never a study code.
    expect(lines.slice(1).every((l) => l.startsWith('PS-'))).toBe(true);
    expect(csv).not.toMatch(/CX-\d{3}/);
    const svg = (await download(page, panel.getByRole('button', { name: /as SVG$/ }))).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Lesions positive');
    const png = PNG.sync.read(await download(page, panel.getByRole('button', { name: /as PNG$/ })));
    expect(png.width).toBeGreaterThan(400);
    await panel.screenshot({ path: join(SHOTS, 'dashboard-lesion-detection.png') });
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

    // A statistician reads a case (by pseudonym) but is offered nothing to enter.
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.locator('.worklist-table tbody tr').first().click();
    await page
      .getByText('Read-only: as statistician you can read these records; site staff enter them.')
      .waitFor();
    await expect(page.getByRole('button', { name: 'Save diagnosis' }).count()).resolves.toBe(0);
    expect(page.url()).toMatch(/\/participants\/PS-/);
  });

  it('shows the IPI live as the labs are typed, keeps a draft across a reload, and checks each field with the schema', async () => {
    await signInAs(page, server.url, COORDINATOR);
    await page.goto(`${server.url}/participants/CX-007`);
    // CX-007 (DLBCL): 78 years at baseline (> 60), LDH 743 > ULN 250, ECOG 2, Ann Arbor stage II,
    // no extranodal site: IPI 1 + 1 + 1 + 0 + 0 = 3 points, high-intermediate (Shipp 1993), by hand.
    const ipi = page.locator('[data-score="ipi"] .score-result');
    await expect.poll(() => ipi.textContent()).toBe('high-intermediate (3 points)');
    const labs = page.getByRole('form', { name: 'Laboratory values' });
    await labs.getByLabel('LDH (U/L)', { exact: true }).fill('200');
    // Not saved yet: 200 ≤ 250 drops the LDH point, 2 points, low-intermediate.
    await expect.poll(() => ipi.textContent()).toBe('low-intermediate (2 points)');
    await expect(labs.getByText('Unsaved changes').count()).resolves.toBe(1);

    // A draft survives a reload (kept in this browser), and can be discarded.
    await page.reload();
    await labs.getByText(/^Draft restored/).waitFor();
    expect(await labs.getByLabel('LDH (U/L)', { exact: true }).inputValue()).toBe('200');
    await expect.poll(() => ipi.textContent()).toBe('low-intermediate (2 points)');
    await labs.getByRole('button', { name: 'Discard draft' }).click();
    expect(await labs.getByLabel('LDH (U/L)', { exact: true }).inputValue()).toBe('743');
    await expect.poll(() => ipi.textContent()).toBe('high-intermediate (3 points)');
    await page.screenshot({ path: join(SHOTS, 'case-forms.png') });

    // A field that is not a number is named at the field; the schema's own rule (grade 5 ↔ fatal) too.
    await labs.getByLabel('Platelets (10⁹/L)', { exact: true }).fill('2l0');
    await expect(labs.getByText('a number, e.g. 3').count()).resolves.toBe(1);
    await labs.getByLabel('Platelets (10⁹/L)', { exact: true }).fill('210');

    const events = page.getByRole('region', { name: 'Adverse events' });
    await events.getByRole('button', { name: 'Add adverse event' }).click();
    const ae = page.getByRole('form', { name: 'Adverse event' });
    expect(await ae.getByLabel('Event id', { exact: true }).inputValue()).toBe('AE-01');
    await ae.getByLabel('CTCAE term', { exact: true }).fill('Nausea');
    await ae.getByLabel('Grade', { exact: true }).selectOption('5');
    await ae.getByLabel('Onset on', { exact: true }).fill('2024-05-10');
    await ae.getByLabel('Attributed to', { exact: true }).selectOption('pentixafor');
    await ae.getByLabel('Relatedness', { exact: true }).selectOption('possible');
    await ae.getByLabel('Serious', { exact: true }).selectOption('no');
    await ae.getByLabel('Outcome', { exact: true }).selectOption('recovered');
    await ae.getByRole('button', { name: 'Save adverse event' }).click();
    await expect(ae.getByText('grade 5 (death) and a fatal outcome go together').count()).resolves.toBe(1);
    const outcome = ae.getByLabel('Outcome', { exact: true });
    expect(await outcome.getAttribute('aria-invalid')).toBe('true');
    await ae.getByLabel('Grade', { exact: true }).selectOption('1');
    await ae.getByRole('button', { name: 'Save adverse event' }).click();
    await events.getByText('AE-01 Nausea, grade 1, onset 2024-05-10').waitFor();

    // The server has it as typed.
    const call = await apiAs(server.url, COORDINATOR);
    const stored = (await call('GET', '/participants/CX-007/records?type=adverse-event')).body as {
      records: { data: Record<string, unknown> }[];
    };
    expect(stored.records.map((r) => r.data)).toEqual([
      {
        aeId: 'AE-01',
        participantId: 'CX-007',
        ctcaeVersion: '5.0',
        ctcaeTerm: 'Nausea',
        grade: 1,
        onsetDate: '2024-05-10',
        attributedTo: 'pentixafor',
        relatedness: 'possible',
        serious: { kind: 'no' },
        outcome: 'recovered',
      },
    ]);
  });

  it('enters a diagnosis with its subtype and reference, and shows nothing editable while the data are locked', async () => {
    await page.goto(`${server.url}/participants/CX-013`);
    const diagnosis = page.getByRole('form', { name: 'Diagnosis' });
    await diagnosis.getByLabel('Disease family', { exact: true }).selectOption('lymphoma');
    await diagnosis.getByLabel('Subtype', { exact: true }).selectOption('marginal-zone');
    await diagnosis.getByLabel('Marginal zone type', { exact: true }).selectOption('splenic');
    await diagnosis.getByLabel('Based on', { exact: true }).selectOption('clinical');
    await diagnosis.getByLabel('Why clinical', { exact: true }).fill('no tissue');
    await diagnosis.getByRole('button', { name: 'Save diagnosis' }).click();
    // Confirmed needs histology or cytology (the schema's refinement), and a change needs a reason.
    await expect(
      diagnosis.getByText('a confirmed diagnosis needs a histology or cytology reference').count(),
    ).resolves.toBe(1);
    await diagnosis.getByLabel('Based on', { exact: true }).selectOption('histology');
    await diagnosis.getByLabel('Specimen', { exact: true }).selectOption('core-needle-biopsy');
    await diagnosis.getByLabel('Site sampled', { exact: true }).fill('spleen');
    await diagnosis.getByLabel('Sampled on', { exact: true }).fill('2024-08-01');
    await diagnosis.getByLabel('Report number', { exact: true }).fill('H-24-1234');
    await diagnosis.getByLabel('Reason for change', { exact: true }).fill('pathology review: splenic MZL');
    await diagnosis.getByRole('button', { name: 'Save diagnosis' }).click();
    await diagnosis.getByText('All changes saved').waitFor();
    // MZL-IPI now applies (the scores follow the stored diagnosis).
    await page.locator('[data-score="mzl-ipi"]').waitFor();

    const admin = await apiAs(server.url, ADMIN);
    expect((await admin('POST', '/lock', { locked: true, reason: 'interim analysis' })).status).toBe(200);
    try {
      await page.reload();
      await page.getByText(/The study data are locked .* by ada \(interim analysis\)/).waitFor();
      await expect(page.getByRole('button', { name: 'Save diagnosis' }).count()).resolves.toBe(0);
      expect(await diagnosis.getByLabel('Subtype', { exact: true }).isDisabled()).toBe(true);
      await expect(page.getByRole('button', { name: 'Add adverse event' }).count()).resolves.toBe(0);
    } finally {
      expect((await admin('POST', '/lock', { locked: false, reason: 'analysis done' })).status).toBe(200);
    }
  });

  it('enters a line of treatment and warns, as typed and in the worklist, when it starts before baseline imaging', async () => {
    const target = cohort.participants.find((p) => p.truth !== null && p.participantId > 'CX-020');
    if (target?.truth == null) throw new Error('no enrolled participant after CX-020');
    const id = target.participantId;
    const firstScanDate = target.records.scans.map((x) => x.acquisitionStartAt.slice(0, 10)).sort()[0] ?? '';
    const dayBefore = new Date(Date.parse(`${firstScanDate}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    await page.goto(`${server.url}/participants/${id}`);
    const list = page.getByRole('region', { name: 'Treatments' });
    // The seeded first line (the cohort's, started after the scans) is listed without a deviation.
    const first = target.truth.treatment;
    await list.getByText(`Line 1: ${first.regimen} (${first.category}), from ${first.startDate}`).waitFor();
    await expect(list.locator('.protocol-deviation').count()).resolves.toBe(0);

    await list.getByRole('button', { name: 'Add treatment' }).click();
    const form = page.getByRole('form', { name: 'Treatment' });
    expect(await form.getByLabel('Line of therapy', { exact: true }).inputValue()).toBe('2');
    await form.getByLabel('Regimen', { exact: true }).fill('ISRT 30 Gy');
    await form.getByLabel('Category', { exact: true }).selectOption('radiotherapy');
    // Cycles are asked only of drug regimens (the schema refuses them for radiotherapy).
    await expect(form.getByLabel('Cycles given', { exact: true }).count()).resolves.toBe(0);
    await form.getByLabel('Intent', { exact: true }).selectOption('observation');
    await form.getByLabel('Started on', { exact: true }).fill(dayBefore);
    await form.getByRole('button', { name: 'Save treatment' }).click();
    await expect(
      form.getByText("watch and wait and the intent 'observation' go together").count(),
    ).resolves.toBe(1);
    await form.getByLabel('Intent', { exact: true }).selectOption('consolidation');
    // Valid now: the protocol deviation shows while typing, before anything is saved.
    const warning = form.locator('.protocol-deviation');
    await expect
      .poll(() => warning.textContent())
      .toMatch(
        new RegExp(
          `^Protocol deviation: ISRT 30 Gy \\(line 2\\) started on ${dayBefore}, before the baseline`,
        ),
      );
    await form.getByRole('button', { name: 'Save treatment' }).click();
    // Saved all the same (a warning, not a refusal), and listed with its deviation.
    await list.getByText(`Line 2: ISRT 30 Gy (radiotherapy), from ${dayBefore}`).waitFor();
    await expect(list.locator('li .protocol-deviation').count()).resolves.toBe(1);
    await list.screenshot({ path: join(SHOTS, 'case-treatment.png') });
    const call = await apiAs(server.url, COORDINATOR);
    const stored = (await call('GET', `/participants/${id}/records?type=treatment`)).body as {
      records: { data: Record<string, unknown> }[];
    };
    expect(stored.records.map((r) => r.data).at(-1)).toEqual({
      participantId: id,
      regimen: 'ISRT 30 Gy',
      category: 'radiotherapy',
      lineOfTherapy: 2,
      intent: 'consolidation',
      startDate: dayBefore,
    });

    // The worklist row says it too.
    await page.goto(`${server.url}/?q=${id}`);
    const row = page.locator(`.worklist-table tr[data-participant="${id}"]`);
    await row.locator('.protocol-deviation').first().waitFor();
    expect(await row.locator('.protocol-deviation').first().textContent()).toMatch(/before the baseline/);
  });

  it('keeps unsaved screening and dose values as the user’s draft, and makes both read-only while the data are locked', async () => {
    const id = cohort.participants.filter((p) => p.truth !== null).at(-1)?.participantId ?? '';
    await page.goto(`${server.url}/participants/${id}`);
    const screening = page.getByRole('form', { name: 'Screening and eligibility' });
    const dose = page.getByRole('form', { name: '68Ga-Pentixafor dose' });
    const stored = {
      hospital: await screening.getByLabel('Hospital id', { exact: true }).inputValue(),
      activity: await dose.getByLabel('Syringe activity before (MBq)').inputValue(),
    };
    await screening.getByLabel('Hospital id', { exact: true }).fill('H-DRAFT-1');
    await dose.getByLabel('Syringe activity before (MBq)').fill('123.4');
    await page.reload();
    await screening.getByText(/^Draft restored/).waitFor();
    await dose.getByText(/^Draft restored/).waitFor();
    expect(await screening.getByLabel('Hospital id', { exact: true }).inputValue()).toBe('H-DRAFT-1');
    expect(await dose.getByLabel('Syringe activity before (MBq)').inputValue()).toBe('123.4');
    // Kept under this user's name in this browser.
    const keys = await page.evaluate(() =>
      Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((k) =>
        k.startsWith('cxcr4pet-draft:'),
      ),
    );
    expect(keys.sort()).toEqual([
      `cxcr4pet-draft:${COORDINATOR.userId}:${id}:dose-pentixafor:${keys
        .find((k) => k.includes(':dose-pentixafor:'))
        ?.split(':')
        .at(-1)}`,
      `cxcr4pet-draft:${COORDINATOR.userId}:${id}:screening:${keys
        .find((k) => k.includes(':screening:'))
        ?.split(':')
        .at(-1)}`,
    ]);
    await dose.getByRole('button', { name: 'Discard draft' }).click();
    expect(await dose.getByLabel('Syringe activity before (MBq)').inputValue()).toBe(stored.activity);

    const admin = await apiAs(server.url, ADMIN);
    expect((await admin('POST', '/lock', { locked: true, reason: 'monitoring visit' })).status).toBe(200);
    try {
      await page.reload();
      await page.getByText(/The study data are locked/).waitFor();
      expect(await screening.getByLabel('Hospital id', { exact: true }).isDisabled()).toBe(true);
      expect(await dose.getByLabel('Syringe activity before (MBq)').isDisabled()).toBe(true);
      await expect(page.getByRole('button', { name: 'Save and re-assess' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Save dose' }).count()).resolves.toBe(0);
    } finally {
      expect((await admin('POST', '/lock', { locked: false, reason: 'visit done' })).status).toBe(200);
    }
    await page.reload();
    expect(await screening.getByLabel('Hospital id', { exact: true }).isDisabled()).toBe(false);
    // The screening draft is still there for this user; the stored value is unchanged.
    expect(await screening.getByLabel('Hospital id', { exact: true }).inputValue()).toBe('H-DRAFT-1');
    expect(stored.hospital).not.toBe('H-DRAFT-1');
  });

  it('clears the user’s drafts at sign-out, so the next person at the workstation does not see them', async () => {
    const id = cohort.participants.filter((p) => p.truth !== null).at(-1)?.participantId ?? '';
    await page.goto(`${server.url}/participants/${id}`);
    const screening = page.getByRole('form', { name: 'Screening and eligibility' });
    await screening.getByText(/^Draft restored/).waitFor();
    const labs = page.getByRole('form', { name: 'Laboratory values' });
    await labs.getByLabel('LDH (U/L)', { exact: true }).fill('999');
    const drafts = () =>
      page.evaluate(() =>
        Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((k) =>
          k.startsWith('cxcr4pet-draft:'),
        ),
      );
    await expect.poll(drafts).toHaveLength(2);
    // Sign-out asks first (two unsaved drafts), then removes them.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(asked).toBe('Sign out? 2 unsaved drafts kept in this browser will be discarded.');
    expect(await drafts()).toEqual([]);
    // The same workstation, signed in again: the stored values, no draft.
    await signInAs(page, server.url, COORDINATOR);
    await page.goto(`${server.url}/participants/${id}`);
    await screening.getByLabel('Hospital id', { exact: true }).waitFor();
    expect(await screening.getByLabel('Hospital id', { exact: true }).inputValue()).not.toBe('H-DRAFT-1');
    await expect(page.getByText(/^Draft restored/).count()).resolves.toBe(0);
  });

  it('filters the worklist by sex and keeps the filters in the address across a reload', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Sex', { exact: true }).selectOption('female');
    await page.waitForURL(`${server.url}/?sex=female`);
    const females = cohort.participants.filter((p) => p.records.participant.sex === 'female').length;
    await expect
      .poll(() => page.locator('.worklist-table tbody tr').count(), { timeout: 20_000 })
      .toBe(females);
    await page.reload();
    expect(await page.getByLabel('Sex', { exact: true }).inputValue()).toBe('female');
    await expect
      .poll(() => page.locator('.worklist-table tbody tr').count(), { timeout: 20_000 })
      .toBe(females);
    const sexes = await page.locator('.worklist-table tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(sexes)).toEqual(new Set(['female']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(`${server.url}/`);
  });

  it('administers users, sites and a PACS node whose connection test really reaches Orthanc, never showing its secret', async () => {
    if (!hasOrthanc) return; // the message is printed by the pacs testing module
    const secret = 'orthanc secret 1';
    let orthanc: TestOrthanc | undefined;
    try {
      orthanc = await startOrthanc({}, { users: { cxcr4pet: secret } });
      await signInAs(page, server.url, ADMIN);
      await page.getByRole('link', { name: 'Administration' }).click();
      await page.waitForURL(`${server.url}/admin`);

      const addUser = page.getByRole('form', { name: 'Add a user' });
      await addUser.getByLabel('User name', { exact: true }).fill('rita');
      await addUser.getByLabel('Display name', { exact: true }).fill('Rita Reader');
      await addUser.getByLabel('Role', { exact: true }).selectOption('reader');
      await addUser.getByRole('group', { name: 'Sites of the new user' }).getByLabel('S1').check();
      await addUser.getByLabel('Initial password', { exact: true }).fill('short');
      await addUser.getByRole('button', { name: 'Add user' }).click();
      // The server's refusal lands at the field it names.
      await addUser
        .locator('.field.invalid small.error')
        .getByText(/password/)
        .waitFor();
      await addUser.getByLabel('Initial password', { exact: true }).fill('a long enough password');
      await addUser.getByRole('button', { name: 'Add user' }).click();
      await page.locator('tr[data-user="rita"]').getByRole('cell', { name: 'reader', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Edit user rita' }).click();
      const edit = page.getByRole('form', { name: 'Edit user rita' });
      await edit.getByLabel('Role', { exact: true }).selectOption('monitor');
      await edit.getByLabel('Reason for change', { exact: true }).fill('now monitors site S1');
      await edit.getByRole('button', { name: 'Save user' }).click();
      await page
        .locator('tr[data-user="rita"]')
        .getByRole('cell', { name: 'monitor', exact: true })
        .waitFor();

      const addSite = page.getByRole('form', { name: 'Add a site' });
      await addSite.getByLabel('Site code', { exact: true }).fill('S2');
      await addSite.getByLabel('Site name', { exact: true }).fill('Site two');
      await addSite.getByRole('button', { name: 'Add site' }).click();
      await page.getByText('S2: Site two').waitFor();

      await page.getByRole('button', { name: 'Add a PACS node' }).click();
      const node = page.getByRole('form', { name: 'Add a PACS node' });
      await node.getByLabel('Node id', { exact: true }).fill('orthanc');
      await node.getByLabel('Name', { exact: true }).fill('Department Orthanc');
      await node.getByLabel('DICOMweb URL', { exact: true }).fill(orthanc.dicomWebUrl);
      await node.getByLabel('Authentication', { exact: true }).selectOption('basic');
      await node.getByLabel('User name', { exact: true }).fill('cxcr4pet');
      await node.getByLabel('Password', { exact: true }).fill('wrong password');
      await node.getByLabel('Host', { exact: true }).fill('127.0.0.1');
      await node.getByLabel('Port', { exact: true }).fill(String(orthanc.dicomPort));
      await node.getByLabel('Called AE title', { exact: true }).fill(orthanc.aeTitle);
      await node.getByRole('button', { name: 'Add node' }).click();
      const item = page.locator('li[data-node="orthanc"]');
      await item.getByText('secret stored').waitFor();

      await item.getByRole('button', { name: 'Test connection' }).click();
      const web = item.locator('[data-check="dicomweb"]');
      await web.waitFor();
      expect(await web.textContent()).toMatch(
        /^DICOMweb: failed — GET .* answered 401 Unauthorized \(check the user name and secret\)/,
      );
      expect(await item.locator('[data-check="dimse"]').textContent()).toMatch(
        new RegExp(`^DIMSE: OK — C-ECHO accepted by ORTHANC@127\\.0\\.0\\.1:${orthanc.dicomPort}`),
      );

      await page.getByRole('button', { name: 'Edit PACS node orthanc' }).click();
      const editNode = page.getByRole('form', { name: 'Edit PACS node orthanc' });
      expect(await editNode.getByLabel('New password', { exact: true }).inputValue()).toBe('');
      await editNode.getByLabel('New password', { exact: true }).fill(secret);
      await editNode.getByLabel('Reason for change', { exact: true }).fill('password from the PACS team');
      await editNode.getByRole('button', { name: 'Save node' }).click();
      await item.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => item.locator('[data-check="dicomweb"]').textContent())
        .toMatch(/^DICOMweb: OK — QIDO-RS answered/);
      expect(await item.locator('[data-check="dimse"]').textContent()).toMatch(/^DIMSE: OK/);

      // The secret is nowhere on the page or in what the server sent it.
      await page.reload();
      await page.locator('li[data-node="orthanc"]').waitFor();
      expect(await page.content()).not.toContain(secret);
      await page.locator('section[aria-label="PACS nodes"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'admin.png') });
      const listed = await page.evaluate(async () => (await fetch('/api/pacs-nodes')).text());
      expect(listed).not.toContain(secret);
      expect(listed).not.toContain('wrong password');
    } finally {
      await orthanc?.stop();
    }
  });

  it('shows the audit trail filtered by user and verifies its hash chain', async () => {
    await signInAs(page, server.url, ADMIN);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.waitForURL(`${server.url}/audit`);
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('User', { exact: true }).fill(COORDINATOR.userId);
    await filters.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^Entries 1–\d+ of \d+, newest first\.$/).waitFor();
    const actors = await page.locator('.audit-table .audit-actor').allTextContents();
    expect(actors.length).toBeGreaterThan(0);
    expect(new Set(actors)).toEqual(new Set([COORDINATOR.userId]));
    // The coordinator's diagnosis change (earlier test) with its reason and the changed subtype.
    const row = page.locator('.audit-table tr', { hasText: 'pathology review: splenic MZL' });
    await row.getByText('fields').click();
    await row
      .getByText(/data\.disease\.subtype|data\.disease: .*marginal-zone/)
      .first()
      .waitFor();

    await filters.getByLabel('From', { exact: true }).fill('2030-01-02T00:00');
    await filters.getByLabel('To', { exact: true }).fill('2030-01-01T00:00');
    await expect(filters.getByText('the start is after the end').count()).resolves.toBe(1);
    await filters.getByLabel('From', { exact: true }).fill('');
    await filters.getByLabel('To', { exact: true }).fill('');

    await page.getByRole('button', { name: 'Verify the hash chain' }).click();
    const intact = page.getByText(/^Intact: all \d+ entries chained/);
    await intact.waitFor();
    const call = await apiAs(server.url, ADMIN);
    const all = (await call('GET', '/audit?limit=1')).body as { total: number };
    expect(await intact.textContent()).toContain(`all ${all.total} entries`);
    await page.screenshot({ path: join(SHOTS, 'audit.png') });
    expect(problems).toEqual([]);
  });

  it('updates the dashboard when a coordinator records a death', async () => {
    // A CXCR4-high participant whose PFS is censored: a death after their last follow-up is an event.
    const target = cohort.participants.find(
      (p) => p.truth !== null && p.truth.suvMax.pentixafor >= 11.5 && !cohortSurvival(p).pfs.event,
    );
    if (target === undefined) throw new Error('the cohort has no censored CXCR4-high participant');
    const lastDate = cohortSurvival(target).os.date;
    const deathDate = new Date(Date.parse(`${lastDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await signInAs(page, server.url, COORDINATOR);
    const events = async () => {
      await page.goto(`${server.url}/dashboards`);
      const fact = page.locator('[data-panel="km"] [data-fact="CXCR4-high.events"]');
      await fact.waitFor();
      return Number(await fact.getAttribute('data-value'));
    };
    const before = await events();
    await page.goto(`${server.url}/participants/${target.participantId}`);
    const death = page.getByRole('form', { name: 'Death' });
    await death.getByLabel('Died on', { exact: true }).fill(deathDate);
    await death.getByLabel('Cause', { exact: true }).selectOption('other');
    await death.getByRole('button', { name: 'Save death' }).click();
    await death.getByText('All changes saved').waitFor();
    expect(await events()).toBe(before + 1);
  });
});
