import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ANALYSIS_ARGUMENTS, DEMO_COMPARE_ARGUMENTS } from '@cxcr4pet/cli';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserUnavailableReason,
  buildWebApp,
  captureScreen,
  launchChromium,
  type Screen,
  settlePage,
} from './testing/browser.ts';
import { type StoreServer, startStoreServer } from './testing/store-server.ts';
import { distanceMm } from './testing/volume-truth.ts';
import type { ViewerPair } from './viewer-pair.ts';
import type { ViewerLesion, ViewerStudy } from './viewer-study.ts';

// The viewer as the study team opens it: the real server (buildApp + store on PGlite in a temporary
// folder) holding a phantom participant's Pentixafor and FDG PET/CTs, analysed and compared by the
// store's jobs with the demo's reading protocol (PERCIST, physiological uptake excluded); signed in
// through the app, the participant opened from the worklist, the viewer and the side-by-side pair
// opened from the case screen. What they show is read as screen pixels at the phantom's true lesions.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const SHOTS = fileURLToPath(new URL('../../../.tmp/screenshots/', import.meta.url));
const READER = { userId: 'reader1', role: 'reader' as const, password: 'reader password 1' };
const PARTICIPANT = 'CX-0042';

// The demo's grid (8 mm voxels, PSF and noise on); FDG lies 10 mm left, 6 mm anterior, 16 mm headward.
const grid = (): { dims: Vec3; spacingMm: Vec3 } => ({ dims: [64, 64, 120], spacingMm: [8, 8, 8] });
const pentixafor = phantomStudyFiles({ tracer: 'pentixafor', seed: 7, ...grid() });
const fdg = phantomStudyFiles({
  tracer: 'fdg',
  seed: 8,
  ...grid(),
  pose: { translationMm: [10, -6, 16], rotationDeg: [0, 0, 2] },
});
/** The mediastinal node: radius 15 mm, avid on both tracers. */
const NODE = 'mediastinal-node';

type PlaneId = 'axial' | 'coronal' | 'sagittal';
interface ViewerApi {
  jumpTo(lps: Vec3): void;
  worldToCanvas(id: PlaneId, lps: Vec3): [number, number];
}
interface Hook {
  document: { querySelector(selector: string): unknown };
  fetch(url: string): Promise<{ json(): Promise<unknown> }>;
  cxcr4petViewer?: { studyId: string; viewer: ViewerApi };
  cxcr4petPair?: { pair: ViewerPair; a: ViewerApi; b: ViewerApi };
}

/** Counts pixels within `radiusPx` of a point that pass `test`. */
function countAround(
  screen: Screen,
  [cx, cy]: readonly [number, number],
  radiusPx: number,
  test: (rgb: readonly [number, number, number]) => boolean,
): number {
  let count = 0;
  for (let y = Math.floor(cy - radiusPx); y <= cy + radiusPx; y++)
    for (let x = Math.floor(cx - radiusPx); x <= cx + radiusPx; x++) if (test(screen.rgb(x, y))) count++;
  return count;
}
/** The overlay's green (0, 230, 90): neither the hot scale nor CT grey has it. */
const isGreen = ([r, g, b]: readonly [number, number, number]) => g - r > 100 && g - b > 60;

describe.skipIf(unavailable !== undefined)('the viewer opened from the study server’s store', () => {
  let server: StoreServer;
  let browser: Browser;
  let page: Page;
  let appDir: string;

  const truthCentre = (phantom: typeof pentixafor): Vec3 => {
    const lesion = phantom.truth.lesions.find((l) => l.name === NODE);
    if (lesion === undefined) throw new Error(`the phantom has no ${NODE}`);
    return lesion.centreMm;
  };
  /** The engine's lesion at a true centre (within one 8 mm voxel), or an error naming the study. */
  const lesionAt = (lesions: readonly ViewerLesion[], centre: Vec3, what: string): ViewerLesion => {
    const found = lesions.find((l) => distanceMm(l.centroidMm, centre) < 8);
    if (found === undefined) throw new Error(`the analysis of ${what} did not find the ${NODE} within 8 mm`);
    return found;
  };
  const getJson = <T>(url: string): Promise<T> =>
    page.evaluate(async (u) => (await (globalThis as unknown as Hook).fetch(u)).json(), url) as Promise<T>;

  async function toPage(selector: string, lps: Vec3, side?: 'a' | 'b'): Promise<[number, number]> {
    const box = await page.locator(`${selector} [data-viewport=axial]`).boundingBox();
    if (box === null) throw new Error(`no axial view in ${selector}`);
    const [x, y] = await page.evaluate(
      ({ lps, side }) => {
        const hook = globalThis as unknown as Hook;
        const viewer = side === undefined ? hook.cxcr4petViewer?.viewer : hook.cxcr4petPair?.[side];
        return viewer?.worldToCanvas('axial', lps) ?? [-1, -1];
      },
      { lps, side },
    );
    return [box.x + x, box.y + y];
  }

  async function shot(name: string): Promise<Screen> {
    await settlePage(page);
    const screen = await captureScreen(page);
    await writeFile(join(SHOTS, `${name}.png`), screen.png);
    return screen;
  }

  async function waitFor(what: 'cxcr4petViewer' | 'cxcr4petPair'): Promise<void> {
    const problems = await page
      .waitForFunction(
        (key) => {
          const hook = globalThis as unknown as Hook;
          return hook[key] !== undefined || hook.document.querySelector('[role=alert]') !== null;
        },
        what,
        { timeout: 60_000 },
      )
      .then(() => page.locator('[role=alert]').allTextContents())
      .catch((error: Error) => [error.message]);
    if (problems.length > 0) throw new Error(`${what} did not open: ${problems.join('; ')}`);
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    appDir = join(tmpdir(), `cxcr4pet-web-store-app-${process.pid}`);
    const built = buildWebApp(appDir);
    await built;
    server = await startStoreServer(appDir, [READER], [PARTICIPANT]);
    await server.importFiles(PARTICIPANT, pentixafor.files);
    await server.importFiles(PARTICIPANT, fdg.files);
    const [a, b] = [pentixafor, fdg].map((p) => p.truth.series.petSeriesInstanceUid) as [string, string];
    await server.runJobs(
      [
        { kind: 'analyse-series', payload: { seriesInstanceUid: a, arguments: DEMO_ANALYSIS_ARGUMENTS } },
        {
          kind: 'compare-series',
          payload: { seriesInstanceUid: a, otherSeriesInstanceUid: b, arguments: DEMO_COMPARE_ARGUMENTS },
        },
      ],
      PARTICIPANT,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    // Signed in through the app's form, the participant opened from the worklist.
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(READER.userId);
    await page.getByLabel('Password').fill(READER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-participant="${PARTICIPANT}"]`).click();
    await page.getByRole('heading', { name: 'PET/CT studies' }).waitFor();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (appDir !== undefined) await rm(appDir, { recursive: true, force: true });
  });

  it('opens a stored PET series from the case screen: fused PET/CT hot at the true lesion, its overlay there', async () => {
    await page.getByRole('link', { name: /^Open PET .*Pentixafor/ }).click();
    await waitFor('cxcr4petViewer');
    const hook = await page.evaluate(() => (globalThis as unknown as Hook).cxcr4petViewer?.studyId);
    const base = `/api/participants/${PARTICIPANT}/viewer`;
    const study = await getJson<ViewerStudy>(`${base}/studies/${hook}/viewer.json`);
    // The demo's PERCIST analysis with exclusion spheres: its labels found again, so the overlay is served.
    expect(study.lesionVolumeId, study.segmentation).not.toBeNull();
    const node = lesionAt(study.lesions, truthCentre(pentixafor), 'Pentixafor');
    // Its row in the lesion table moves every plane to it.
    await page.locator(`tr[data-label="${node.label}"]`).click();
    await page.getByRole('button', { name: '0–20' }).click();
    const overlay = page.getByRole('checkbox', { name: 'lesion overlay' });
    await overlay.uncheck();
    const plain = await shot('store-viewer-no-overlay');
    const [tx, ty, tz] = truthCentre(pentixafor);
    const at = await toPage('', [tx, ty, tz]);
    // PET colour at the true centre (hot scale: red ≫ blue; CT grey has red = blue), SUV window 0–20.
    const [r, g, b] = plain.rgb(...at);
    expect(r - b, `pixel ${[r, g, b]} at the node`).toBeGreaterThan(60);
    // 8 mm PET voxels, 15 mm radius: its outline lies within ~30 mm of the centre.
    const [ex] = await toPage('', [tx + 30, ty, tz]);
    const radiusPx = Math.abs(ex - at[0]);
    expect(countAround(plain, at, radiusPx, isGreen), 'green without the overlay').toBe(0);
    await overlay.check();
    const shown = await shot('store-viewer');
    expect(countAround(shown, at, radiusPx, isGreen), 'the overlay outline around the node').toBeGreaterThan(
      20,
    );
    await page.goBack();
    await page.getByRole('heading', { name: 'PET/CT studies' }).waitFor();
  });

  it('opens the FDG/Pentixafor pair from the case screen: the matched node hot with its overlay on both sides', async () => {
    await page.getByRole('link', { name: /^Open Pentixafor and FDG side by side/ }).click();
    await waitFor('cxcr4petPair');
    const pair = await page.evaluate(() => (globalThis as unknown as Hook).cxcr4petPair?.pair);
    if (pair === undefined) throw new Error('no pair');
    expect([pair.a.label, pair.b.label]).toEqual(['Pentixafor', 'FDG']);
    const base = `/api/participants/${PARTICIPANT}/viewer`;
    const [studyA, studyB] = await Promise.all(
      [pair.a.studyId, pair.b.studyId].map((id) => getJson<ViewerStudy>(`${base}/studies/${id}/viewer.json`)),
    );
    if (studyA === undefined || studyB === undefined) throw new Error('no studies');
    expect(studyA.lesionVolumeId, studyA.segmentation).not.toBeNull();
    expect(studyB.lesionVolumeId, studyB.segmentation).not.toBeNull();
    const nodeA = lesionAt(studyA.lesions, truthCentre(pentixafor), 'Pentixafor');
    const nodeB = lesionAt(studyB.lesions, truthCentre(fdg), 'FDG');
    // The comparison paired them, and its row moves both sides to their own centroids.
    expect(pair.matching.pairs).toContainEqual(expect.objectContaining({ a: nodeA.label, b: nodeB.label }));
    await page.getByRole('button', { name: '0–20' }).click();
    await page.locator(`tr[data-a="${nodeA.label}"][data-b="${nodeB.label}"]`).click();
    const overlay = page.getByRole('checkbox', { name: 'lesion overlay' });
    await overlay.uncheck();
    const plain = await shot('store-pair-no-overlay');
    await overlay.check();
    const shown = await shot('store-pair');
    for (const [side, truth] of [
      ['a', truthCentre(pentixafor)],
      ['b', truthCentre(fdg)],
    ] as const) {
      const at = await toPage(`[data-side=${side}]`, truth, side);
      const [r, g, b] = plain.rgb(...at);
      expect(r - b, `${side}: pixel ${[r, g, b]} at the node`).toBeGreaterThan(60);
      const [ex] = await toPage(`[data-side=${side}]`, [truth[0] + 30, truth[1], truth[2]], side);
      const radiusPx = Math.abs(ex - at[0]);
      expect(countAround(plain, at, radiusPx, isGreen), `${side}: green without the overlay`).toBe(0);
      expect(
        countAround(shown, at, radiusPx, isGreen),
        `${side}: the overlay around the node`,
      ).toBeGreaterThan(20);
    }
  });
});
