import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

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
});
