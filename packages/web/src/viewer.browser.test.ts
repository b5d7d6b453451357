import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vec3, Volume } from '@cxcr4pet/volume';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PhantomViewerStudy, phantomViewerStudy } from './phantom-study.ts';
import { type StaticServer, serveStatic } from './serve-static.ts';
import {
  browserUnavailableReason,
  buildWebApp,
  captureScreen,
  launchChromium,
  type Rgb,
  type Screen,
} from './testing/browser.ts';
import { writeViewerStudy } from './viewer-files.ts';

// The viewer, built with Vite and opened in Debian's headless Chromium (WebGL2 through SwiftShader),
// showing a phantom whose every voxel is known. What it shows is read back as screen pixels.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

/** Screenshots of the main screens land here (git-ignored). */
const SHOTS = fileURLToPath(new URL('../../../.tmp/screenshots/', import.meta.url));

type ViewportId = 'axial' | 'coronal' | 'sagittal' | 'mip';
/** What the test uses of the page's globals (this file is type-checked without the DOM library). */
interface Hook {
  requestAnimationFrame(callback: () => void): number;
  document: { querySelector(selector: string): unknown };
  /** See app/src/viewer/viewer-hook.ts. */
  cxcr4petViewer?: {
    viewer: {
      jumpTo(lps: Vec3): void;
      worldToCanvas(id: ViewportId, lps: Vec3): [number, number];
      focalPoint(id: ViewportId): Vec3;
    };
  };
}

/** Voxel (i, j, k) of an axial grid, by hand: its centre, and its value. */
function voxel(volume: Volume, ijk: Vec3): { lps: Vec3; value: number } {
  const [i, j, k] = ijk;
  const [nx, ny] = volume.dims;
  const lps: Vec3 = [
    volume.originMm[0] + i * volume.spacingMm[0],
    volume.originMm[1] + j * volume.spacingMm[1],
    volume.originMm[2] + k * volume.spacingMm[2],
  ];
  return { lps, value: volume.data[i + nx * (j + ny * k)] as number };
}

/** Nearest voxel index of an LPS point on an axial grid, by hand. */
function nearestIjk(volume: Volume, lps: Vec3): Vec3 {
  const index = (a: 0 | 1 | 2) => Math.round((lps[a] - volume.originMm[a]) / volume.spacingMm[a]);
  return [index(0), index(1), index(2)];
}

function distanceMm(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

describe.skipIf(unavailable !== undefined)('PET/CT viewer in Chromium', () => {
  let work: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let study: PhantomViewerStudy;
  /** The mediastinal node of the phantom (truth: centre (0, -60, 620) mm, radius 15 mm, SUV 12). */
  let lesion: { label: number; centroidMm: Vec3; suvMax: number };

  async function canvasToPage(id: ViewportId, lps: Vec3): Promise<[number, number]> {
    const box = await page.locator(`[data-viewport=${id}]`).boundingBox();
    if (box === null) throw new Error(`viewport ${id} is not on screen`);
    const [x, y] = await page.evaluate(
      ({ id, lps }) =>
        (globalThis as unknown as Hook).cxcr4petViewer?.viewer.worldToCanvas(id, lps) ?? [-1, -1],
      { id, lps },
    );
    return [box.x + x, box.y + y];
  }

  /** Waits two animation frames so that Cornerstone has drawn the last change. */
  async function settle(): Promise<void> {
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const page = globalThis as unknown as Hook;
          page.requestAnimationFrame(() => page.requestAnimationFrame(() => done()));
        }),
    );
  }

  async function shot(name: string): Promise<Screen> {
    await settle();
    const screen = await captureScreen(page);
    await writeFile(join(SHOTS, `${name}.png`), screen.png);
    return screen;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-'));
    await mkdir(SHOTS, { recursive: true });
    const appDir = join(work, 'app');
    const dataDir = join(work, 'data');
    const built = buildWebApp(appDir);
    study = phantomViewerStudy({ id: 'phantom', tracer: 'pentixafor' });
    await writeViewerStudy(dataDir, study.input);
    await built;
    server = await serveStatic({ appDir, dataDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const truth = study.phantom.truth.lesions.find((l) => l.name === 'mediastinal-node');
    const found = study.input.lesions.find(
      (l) => truth !== undefined && distanceMm(l.centroidMm, truth.centreMm) < 5,
    );
    if (found === undefined) throw new Error('the engine did not find the mediastinal node within 5 mm');
    lesion = found;
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${server.url}/?study=phantom`);
    const opened = await page
      .waitForFunction(
        () => {
          const page = globalThis as unknown as Hook;
          return page.cxcr4petViewer !== undefined || page.document.querySelector('[role=alert]') !== null;
        },
        null,
        { timeout: 30_000 },
      )
      .then(() => page.locator('[role=alert]').allTextContents())
      .catch((error: Error) => [error.message]);
    if (opened.length > 0) throw new Error(`the viewer did not open: ${[...opened, ...problems].join('; ')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('shows PET in colour at a lesion and the CT in grey (soft-tissue window) in soft tissue', async () => {
    // The fused axial plane through the lesion's centroid, SUV window 0–20 so that its colour is not
    // white (SUVmax ≈ 13 sits mid-scale: red-orange-yellow in the hot map), overlay off.
    await page.evaluate(
      (lps) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(lps),
      lesion.centroidMm,
    );
    await page.getByRole('button', { name: '0–20' }).click();
    await page.getByRole('checkbox', { name: 'lesion overlay' }).uncheck();
    const screen = await shot('fusion-axial-lesion');

    const [lx, ly] = await canvasToPage('axial', lesion.centroidMm);
    const atLesion = screen.rgb(lx, ly);
    // PET colour: the hot map at mid-scale is red ≫ blue; CT grey has red = blue.
    expect(atLesion[0] - atLesion[2], `lesion pixel ${atLesion} at (${lx}, ${ly})`).toBeGreaterThan(60);

    // Soft tissue of the trunk, in the lesion's slice, 25 mm from any other tissue and 40 mm from the
    // lesion: SUV 0.7 there, below the PET display threshold (SUV 1), so only the CT shows.
    const pet = study.petSuv;
    const labels = study.phantom.labels;
    const [, , k] = nearestIjk(pet, lesion.centroidMm);
    const [nx, ny] = pet.dims;
    const clear = Math.ceil(25 / pet.spacingMm[0]);
    let soft: Vec3 | undefined;
    for (let j = clear; j < ny - clear && soft === undefined; j++) {
      for (let i = clear; i < nx - clear && soft === undefined; i++) {
        const { lps } = voxel(pet, [i, j, k]);
        if (Math.hypot(lps[0] - lesion.centroidMm[0], lps[1] - lesion.centroidMm[1]) < 40) continue;
        let allTrunk = true;
        for (let dj = -clear; dj <= clear && allTrunk; dj++)
          for (let di = -clear; di <= clear && allTrunk; di++)
            allTrunk = labels[i + di + nx * (j + dj + ny * k)] === 1;
        if (allTrunk) soft = lps;
      }
    }
    if (soft === undefined) throw new Error('no soft-tissue point in the lesion slice');
    const ct = study.input.ctHu;
    const hu = voxel(ct, nearestIjk(ct, soft)).value;
    expect(hu).toBe(20); // the phantom's trunk
    expect(voxel(pet, nearestIjk(pet, soft)).value).toBeLessThan(1);
    // Soft-tissue window W 400 / L 40: grey = (HU − (40 − 200)) / 400 × 255 = 114.75 for 20 HU.
    const expectedGrey = ((hu - (40 - 200)) / 400) * 255;
    const [sx, sy] = await canvasToPage('axial', soft);
    const grey: Rgb = screen.rgb(sx, sy);
    // ±3 grey levels: 8-bit output and the colour table's sampling; the CT is uniform around the point.
    for (const channel of grey)
      expect(Math.abs(channel - expectedGrey), `soft tissue pixel ${grey}`).toBeLessThanOrEqual(3);
  });
});
