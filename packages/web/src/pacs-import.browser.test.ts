import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPacsNode, createRecord, createSite, createUser } from '@cxcr4pet/db';
import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { type App, buildApp, hashPassword, importPacsJob, WEB_APP_EXTENSIONS } from '@cxcr4pet/server';
import { loadSecretKey, openStore, runWorker, type Store } from '@cxcr4pet/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, buildWebApp, launchChromium } from './testing/browser.ts';

// The case screen's "Import from PACS" dialog in Chromium, against the server as `cxcr4pet serve` runs
// it (a store, its worker in-process) and a real Orthanc holding a phantom PET/CT: a coordinator
// searches the configured node, ticks the series, follows the job to its end and sees the PET listed.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const COORDINATOR = { userId: 'cora', password: 'coordinator pass 1' } as const;

describe.skipIf(unavailable !== undefined || !hasOrthanc)('Import from PACS in the case screen', () => {
  let appDir: string;
  let dataDir: string;
  let orthanc: TestOrthanc;
  let store: Store;
  let app: App;
  let url: string;
  let browser: Browser;
  let page: Page;
  const stopWorker = new AbortController();
  let worker: Promise<unknown> | undefined;
  const phantom = phantomStudyFiles({
    tracer: 'pentixafor',
    seed: 31,
    dims: [32, 32, 40],
    spacingMm: [16, 16, 24],
  });

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-app-'));
    dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-data-'));
    const building = buildWebApp(appDir);
    orthanc = await startOrthanc();
    for (const file of phantom.files.filter((f) => f.path.endsWith('.dcm'))) {
      const response = await fetch(`${orthanc.httpUrl}/instances`, { method: 'POST', body: file.bytes });
      if (!response.ok) throw new Error(`upload to Orthanc failed: ${response.status}`);
    }
    store = await openStore(dataDir, {});
    const setup = { actor: 'test-setup' };
    await createSite(store.db.kysely, setup, { siteId: 'S1', name: 'Site one' });
    await createUser(store.db.kysely, setup, {
      userId: COORDINATOR.userId,
      displayName: 'Cora',
      role: 'coordinator',
      siteIds: ['S1'],
      passwordHash: await hashPassword(COORDINATOR.password),
    });
    await createRecord(store.db.kysely, setup, 'participant', {
      participantId: 'CX-101',
      siteId: 'S1',
      sex: 'male',
    });
    await createPacsNode(
      store.db.kysely,
      setup,
      'orthanc',
      { name: 'Hospital PACS', dicomWebUrl: orthanc.dicomWebUrl, auth: { kind: 'none' } },
      undefined,
      await loadSecretKey(dataDir),
    );
    await building;
    app = await buildApp({ db: store.db, store, webRoot: appDir, extensions: WEB_APP_EXTENSIONS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    worker = runWorker(store, { 'import-pacs': importPacsJob }, { signal: stopWorker.signal, pollMs: 200 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    stopWorker.abort();
    await worker;
    await app?.close();
    await store?.close();
    await orthanc?.stop();
    for (const dir of [appDir, dataDir])
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('searches the node, imports the ticked series as a job and lists the imported PET', async () => {
    await page.goto(`${url}/`);
    await page.getByLabel('Username').fill(COORDINATOR.userId);
    await page.getByLabel('Password').fill(COORDINATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${url}/participants/CX-101`);
    const images = page.getByRole('region', { name: 'Stored images' });
    await images.getByText('No PET series stored.').waitFor();
    await images.getByRole('button', { name: 'Import from PACS' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from PACS' });
    expect(await dialog.getByLabel('PACS node').locator('option').allTextContents()).toEqual([
      'Hospital PACS (DICOMweb)',
    ]);
    // A patient the PACS does not know: nothing found, said so.
    await dialog.getByLabel('Patient ID').fill('NOBODY');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByText('No studies found.').waitFor();

    await dialog.getByLabel('Patient ID').fill('PHANTOM-31');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const studies = dialog.getByRole('list', { name: 'Studies found' });
    await expect(studies.getByRole('listitem').first().textContent()).resolves.toContain(
      'patient PHANTOM-31',
    );
    await studies.getByRole('button', { name: 'Show series' }).click();
    const pet = dialog.getByRole('checkbox', { name: /^PT .*\(40 instances\)$/ });
    const ct = dialog.getByRole('checkbox', { name: /^CT .*\(40 instances\)$/ });
    await pet.check();
    await ct.check();
    await dialog.getByRole('button', { name: 'Import 2 series' }).click();
    const status = dialog.getByRole('status', { name: 'Import progress' });
    await status.getByText('Imported 80 new instances (0 already stored).').waitFor();

    // The case screen lists the imported PET series, opening the viewer.
    await images.getByRole('link', { name: /^Open .*\(40 slices, imported \d{4}-\d{2}-\d{2}\)$/ }).waitFor();
    const rows = await store.db.kysely.selectFrom('dicom_instance').select('participant_id').execute();
    expect(rows.length).toBe(80);
    expect(new Set(rows.map((r) => r.participant_id))).toEqual(new Set(['CX-101']));

    // Showing the series again says what is stored; importing again adds nothing.
    await dialog.getByRole('button', { name: 'Search' }).click();
    await studies.getByRole('button', { name: 'Show series' }).click();
    await dialog.getByRole('checkbox', { name: /^PT .*\(40 instances, 40 already stored\)$/ }).check();
    await dialog.getByRole('button', { name: 'Import 1 series' }).click();
    await status.getByText('Imported 0 new instances (40 already stored).').waitFor();
  }, 120_000);
});
