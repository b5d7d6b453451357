import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, buildWebApp, launchChromium } from './testing/browser.ts';
import { type StudyServer, startStudyServer } from './testing/study-server.ts';

// The study app (sign-in, worklist, case forms), built with Vite and served by the study server the
// way `cxcr4pet serve` serves it, driven in Debian's headless Chromium through the screen: what a
// coordinator types and clicks, and what the page then says.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const COORDINATOR = { userId: 'cora', role: 'coordinator', password: 'coordinator pass 1' } as const;

describe.skipIf(unavailable !== undefined)('study app in Chromium against the study server', () => {
  let appDir: string;
  let server: StudyServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-app-'));
    const [started] = await Promise.all([startStudyServer(appDir, [COORDINATOR]), buildWebApp(appDir)]);
    server = started;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Generous for a loaded machine (the full check runs test files in parallel on 2 cores).
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (appDir !== undefined) await rm(appDir, { recursive: true, force: true });
  });

  it('refuses a wrong password with the server’s message, signs in, stays signed in on reload, signs out', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(COORDINATOR.userId);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('username or password is wrong');

    await page.getByLabel('Password').fill(COORDINATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('.who').textContent()).toBe('coordinator cora · coordinator · S1');

    // The session lives in the httpOnly cookie: a reload (which loses the in-memory CSRF token) asks
    // /api/auth/me and stays signed in; the page's script cannot read the cookie.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    ).toBe('');

    // Sign-out is a POST: it only succeeds with the CSRF token, and ends the session on the server.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  /** Fills the screening form of a new participant (everything but what the case varies). */
  async function fillScreening(
    form: Locator,
    values: Record<string, string>,
    selects: Record<string, string>,
  ) {
    for (const [label, value] of Object.entries(values))
      await form.getByLabel(label, { exact: true }).fill(value);
    for (const [label, value] of Object.entries(selects)) {
      await form.getByLabel(label, { exact: true }).selectOption(value);
    }
  }

  const COMMON = {
    'Consent form version': 'v2.1',
    'Consent signed': '2026-03-01',
    'Screening date': '2026-03-02',
    'FDG PET/CT date': '2026-03-03',
    'Pentixafor PET/CT date': '2026-03-09',
  };

  it('enrols an eligible and refuses an ineligible participant through the forms, records a dose, and the worklist follows', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(COORDINATOR.userId);
    await page.getByLabel('Password').fill(COORDINATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'New participant' }).click();
    expect(new URL(page.url()).pathname).toBe('/participants/new');

    // Eligible: 55 years old at screening, confirmed untreated disease, FDG 6 days before Pentixafor,
    // signed consent, no exclusion — every criterion of NCT04504526 met.
    const screening = page.getByRole('form', { name: 'Screening and eligibility' });
    await fillScreening(
      screening,
      {
        'Study code': 'P-001',
        'Full name': 'Ada Eligible',
        'Birth date': '1970-05-01',
        'Hospital id': 'H-1',
        ...COMMON,
      },
      {
        Sex: 'female',
        'Lymphoproliferative disease': 'confirmed',
        'Prior anti-tumour treatment': 'no',
        Pregnant: 'no',
        Breastfeeding: 'no',
        'Pentixafor allergy': 'no',
      },
    );
    // The verdict is live, before anything is saved; the form says it has unsaved changes.
    const live = page.getByRole('region', { name: 'Eligibility (live)' });
    expect(await live.locator('.verdict-kind').textContent()).toBe('eligible');
    expect(await screening.locator('.unsaved').textContent()).toBe('Unsaved changes');
    // A birth date making her 81 turns the live verdict ineligible on the age criterion, at once.
    await screening.getByLabel('Birth date', { exact: true }).fill('1944-05-01');
    expect(await live.locator('.verdict-kind').textContent()).toBe('ineligible');
    expect(await live.locator('.verdict-reasons').textContent()).toMatch(/18.*80/);
    await screening.getByLabel('Birth date', { exact: true }).fill('1970-05-01');
    await screening.getByRole('button', { name: 'Register and assess' }).click();
    const stored = page.getByRole('region', { name: 'Eligibility (stored)' });
    expect(await stored.locator('.verdict-kind').textContent()).toBe('eligible');
    expect(new URL(page.url()).pathname).toBe('/participants/P-001');
    expect(await screening.locator('.saved').textContent()).toBe('All changes saved');
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.locator('.case-header .stage', { hasText: 'Enrolled' }).waitFor();

    // A change after first entry asks for a reason, and is refused without one.
    await screening.getByLabel('Hospital id', { exact: true }).fill('H-1b');
    await screening.getByLabel('Reason for change', { exact: true }).waitFor();
    await screening.getByRole('button', { name: 'Save and re-assess' }).click();
    expect(await screening.getByRole('alert').textContent()).toBe(
      'a reason is required to change records entered before',
    );
    await screening.getByLabel('Reason for change', { exact: true }).fill('typo in hospital id');
    await screening.getByRole('button', { name: 'Save and re-assess' }).click();
    await screening.locator('.saved').waitFor();

    // The Pentixafor dose: 170 MBq before, 10 MBq residual, both measured at the injection time →
    // 160.0 MBq net, above the protocol's 74–148 MBq window, shown as typed.
    const dose = page.getByRole('form', { name: '68Ga-Pentixafor dose' });
    await dose.getByLabel('Syringe activity before (MBq)').fill('170');
    await dose.getByLabel('Measured at', { exact: true }).fill('2026-03-09T10:00:00+01:00');
    await dose.getByLabel('Injected at').fill('2026-03-09T10:00:00+01:00');
    expect(await dose.locator('.net-activity').textContent()).toBe(
      'Net injected 170.0 MBq (decay-corrected to injection)',
    );
    await dose.getByLabel('Residual activity (MBq)').fill('10');
    await dose.getByLabel('Residual measured at').fill('2026-03-09T10:00:00+01:00');
    expect(await dose.locator('.net-activity').textContent()).toBe(
      'Net injected 160.0 MBq (decay-corrected to injection)',
    );
    expect(await dose.locator('.window-warning').textContent()).toMatch(
      /160\.0 MBq is above the protocol window 74–148 MBq/,
    );
    // Decay correction: 200 MBq measured 60 min before injection, Ga-68 half-life 67.71 min (NNDC):
    // 200 × 2^(−60/67.71) = 108.2 MBq at injection, minus the 10 MBq residual = 98.2 MBq, in the window.
    await dose.getByLabel('Syringe activity before (MBq)').fill('200');
    await dose.getByLabel('Measured at', { exact: true }).fill('2026-03-09T09:00:00+01:00');
    const expectedMBq = 200 * 2 ** (-60 / 67.71) - 10;
    expect(expectedMBq).toBeCloseTo(98.2, 1);
    expect(await dose.locator('.net-activity').textContent()).toBe(
      `Net injected ${expectedMBq.toFixed(1)} MBq (decay-corrected to injection)`,
    );
    expect(await dose.locator('.window-ok').textContent()).toBe('within the protocol window 74–148 MBq');
    await dose.getByLabel('Syringe activity before (MBq)').fill('170');
    await dose.getByLabel('Measured at', { exact: true }).fill('2026-03-09T10:00:00+01:00');
    await dose.getByRole('button', { name: 'Save dose' }).click();
    await dose.locator('.saved').waitFor();
    // Stored on the server, as typed.
    const doses = await page.evaluate(async () => {
      const response = await fetch('/api/participants/P-001/records?type=dose');
      const body = (await response.json()) as {
        records: { data: { syringeBefore: { activityMBq: number } } }[];
      };
      return body.records.map((r) => r.data.syringeBefore.activityMBq);
    });
    expect(doses).toEqual([170]);

    // Ineligible: treated before (the protocol wants untreated disease) — the verdict says why.
    await page.getByRole('button', { name: '← Worklist' }).click();
    await page.getByRole('button', { name: 'New participant' }).click();
    await fillScreening(
      screening,
      {
        'Study code': 'P-002',
        'Full name': 'Bob Treated',
        'Birth date': '1960-01-15',
        'Hospital id': 'H-2',
        ...COMMON,
      },
      {
        Sex: 'male',
        'Lymphoproliferative disease': 'confirmed',
        'Prior anti-tumour treatment': 'yes',
        Pregnant: 'not-applicable',
        Breastfeeding: 'not-applicable',
        'Pentixafor allergy': 'no',
      },
    );
    expect(await live.locator('.verdict-kind').textContent()).toBe('ineligible');
    await screening.getByRole('button', { name: 'Register and assess' }).click();
    expect(await stored.locator('.verdict-kind').textContent()).toBe('ineligible');
    expect(await stored.locator('.verdict-reasons').textContent()).toContain('previously treated');
    expect(await page.getByRole('button', { name: 'Enrol' }).count()).toBe(0);

    // The worklist: both, with verdict and stage; search and filters; keyboard opens a participant.
    // Drawing it takes two requests whatever the page size: the list, then all its records at once.
    const asked: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/participant')) asked.push(path);
    };
    page.on('request', onRequest);
    await page.getByRole('button', { name: '← Worklist' }).click();
    const rows = page.locator('.worklist-table tbody tr');
    await rows.nth(1).waitFor();
    page.off('request', onRequest);
    expect(asked).toEqual(['/api/participants', '/api/participant-records']);
    const table = async () =>
      rows.evaluateAll((trs) =>
        trs.map((tr) =>
          [...(tr as unknown as { cells: { textContent: string }[] }).cells].map((c) => c.textContent),
        ),
      );
    expect(await table()).toEqual([
      ['P-001', 'Ada Eligible', 'S1', 'female', 'eligible', 'Enrolled', ''],
      ['P-002', 'Bob Treated', 'S1', 'male', 'ineligible', 'Screening', ''],
    ]);
    await page.getByLabel('Eligibility').selectOption('ineligible');
    await page.locator('.worklist-table tbody tr', { hasText: 'P-001' }).waitFor({ state: 'detached' });
    expect((await table()).map((r) => r[0])).toEqual(['P-002']);
    await page.getByLabel('Eligibility').selectOption('');
    await page.getByLabel('Search').fill('ada');
    await page.locator('.worklist-table tbody tr', { hasText: 'P-002' }).waitFor({ state: 'detached' });
    expect((await table()).map((r) => r[0])).toEqual(['P-001']);
    await page.getByLabel('Search').fill('');
    await rows.nth(1).waitFor();
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'P-002' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/participants/P-002');
    expect(problems).toEqual([]);
  });
});
