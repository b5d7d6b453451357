import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LESION_REVIEW_SIGNATURE_MEANING } from '@cxcr4pet/study';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PhantomViewerStudy, phantomViewerStudy } from './phantom-study.ts';
import { browserUnavailableReason, buildWebApp, captureScreen, launchChromium } from './testing/browser.ts';
import { type StudyServer, startStudyServer } from './testing/study-server.ts';
import { distanceMm } from './testing/volume-truth.ts';
import { writeViewerStudy } from './viewer-files.ts';

// The viewer's lesion review saved to the real study server (PGlite, the web app's extensions with the
// lesion-review routes, as `cxcr4pet serve` runs it) and signed by a reader in Debian's headless Chromium.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const SHOTS = fileURLToPath(new URL('../../../.tmp/screenshots/', import.meta.url));
const READER = { userId: 'rita', role: 'reader', password: 'reader pass 123' } as const;
const COORDINATOR = { userId: 'cora', role: 'coordinator', password: 'coordinator pass 1' } as const;

interface Hook {
  cxcr4petViewer?: {
    viewer: { worldToCanvas(id: 'axial', lps: Vec3): [number, number]; jumpTo(lps: Vec3): void };
  };
}

interface StoredReview {
  version: number;
  data: {
    lesions: { label: number; origin: string; suvMax: number }[];
    edits: string[];
    signature?: { signedBy: string; meaning: string };
  };
}

describe.skipIf(unavailable !== undefined)('saving and signing a lesion review in Chromium', () => {
  let work: string;
  let server: StudyServer;
  let browser: Browser;
  let page: Page;
  let study: PhantomViewerStudy;

  /** The review records of the participant, as the records API gives them (newest version of each). */
  async function stored(): Promise<StoredReview[]> {
    const response = await page.request.get(
      `${server.url}/api/participants/CX-R1/records?type=lesion-review`,
    );
    expect(response.status()).toBe(200);
    return ((await response.json()) as { records: StoredReview[] }).records;
  }
  const status = () => page.getByTestId('review-status');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-review-'));
    await mkdir(SHOTS, { recursive: true });
    const appDir = join(work, 'app');
    await buildWebApp(appDir);
    // The server serves the viewer's data as files of the web root, where the study is written.
    study = phantomViewerStudy({ id: 'rv', tracer: 'pentixafor' });
    await writeViewerStudy(appDir, { ...study.input, participantId: 'CX-R1' });
    server = await startStudyServer(appDir, [READER, COORDINATOR]);
    browser = await launchChromium();
    // The coordinator registers the participant (site S1) through the API.
    const staff = await browser.newContext();
    const login = await staff.request.post(`${server.url}/api/auth/login`, {
      data: { username: COORDINATOR.userId, password: COORDINATOR.password },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const registered = await staff.request.post(`${server.url}/api/participants`, {
      data: { participantId: 'CX-R1', siteId: 'S1', sex: 'female' },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(registered.status()).toBe(201);
    await staff.close();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const signedIn = await page.request.post(`${server.url}/api/auth/login`, {
      data: { username: READER.userId, password: READER.password },
    });
    expect(signedIn.status()).toBe(200);
    await page.goto(`${server.url}/?study=rv`);
    await page.waitForFunction(() => (globalThis as unknown as Hook).cxcr4petViewer !== undefined, null, {
      timeout: 30_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('saves the reviewed lesions, signs them with the password, and saves a later change as a new unsigned version', async () => {
    await expect.poll(() => status().textContent()).toBe('Not saved yet.');
    const node = study.input.lesions.find((l) => distanceMm(l.centroidMm, [-24, 20, 300]) < 5);
    if (node === undefined) throw new Error('the engine did not find the para-aortic node');
    await page.getByRole('button', { name: `Delete lesion ${node.label}` }).click();
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => status().getAttribute('data-version')).toBe('1');
    const [first] = await stored();
    expect(first?.version).toBe(1);
    expect(first?.data.lesions.map((l) => l.label)).toEqual(
      study.input.lesions.map((l) => l.label).filter((label) => label !== node.label),
    );
    expect(first?.data.edits).toHaveLength(1);

    // The signature: the meaning is shown, a wrong password is refused with the server's words.
    await expect
      .poll(() => page.locator('.meaning').textContent())
      .toContain(LESION_REVIEW_SIGNATURE_MEANING);
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Sign review' }).click();
    await expect
      .poll(() => page.locator('.save-sign [role=alert]').textContent())
      .toBe('the password is not yours: the review is not signed');
    await page.getByLabel('Password').fill(READER.password);
    await page.getByRole('button', { name: 'Sign review' }).click();
    await expect.poll(() => status().getAttribute('data-signed')).toBe('true');
    expect(await status().textContent()).toContain('Signed by rita');
    await writeFile(join(SHOTS, 'review-signed.png'), (await captureScreen(page)).png);
    const [signed] = await stored();
    expect(signed?.version).toBe(2);
    expect(signed?.data.signature).toMatchObject({
      signedBy: 'rita',
      meaning: LESION_REVIEW_SIGNATURE_MEANING,
    });

    // A later change: the lesion added back by a click; saving asks for a reason, gives version 3, unsigned.
    await page.evaluate(
      (p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p),
      node.centroidMm,
    );
    const box = await page.locator('[data-viewport=axial]').boundingBox();
    const [x, y] = await page.evaluate(
      (p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.worldToCanvas('axial', p) ?? [0, 0],
      node.centroidMm,
    );
    await page.getByRole('button', { name: 'Add lesion' }).click();
    await page.mouse.click(Math.round((box?.x ?? 0) + x), Math.round((box?.y ?? 0) + y));
    await expect.poll(() => status().textContent()).toContain('Unsaved: 1 edits');
    expect(await page.getByRole('button', { name: 'Save review' }).isDisabled()).toBe(true);
    await page.getByLabel('Reason for the change').fill('para-aortic node is disease after all');
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => status().getAttribute('data-version')).toBe('3');
    expect(await status().getAttribute('data-signed')).toBe('false');
    const [changed] = await stored();
    expect(changed?.version).toBe(3);
    expect(changed?.data.signature).toBeUndefined();
    const added = changed?.data.lesions.find((l) => l.origin === 'reader');
    expect(added?.suvMax).toBe(node.suvMax);

    // Opened again, the saved review is redrawn: the same lesions (the deleted node back as the reader's),
    // the saved edits, nothing unsaved, ready to be signed.
    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as Hook).cxcr4petViewer !== undefined, null, {
      timeout: 30_000,
    });
    await expect.poll(() => status().getAttribute('data-version')).toBe('3');
    await expect.poll(() => page.locator('.save-sign .notice').textContent()).toContain('Opened version 3');
    expect(await status().textContent()).not.toContain('Unsaved');
    const maxima = await page.locator('.lesions tbody tr td:nth-child(2)').allTextContents();
    expect(maxima).toEqual(changed?.data.lesions.map((l) => l.suvMax.toFixed(2)));
    expect(await page.locator('.edits li').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Sign review' }).isVisible()).toBe(true);
  });
});
