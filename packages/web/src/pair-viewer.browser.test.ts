import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vec3 } from '@cxcr4pet/volume';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PhantomViewerPair, phantomViewerPair } from './phantom-pair.ts';
import { type StaticServer, serveStatic } from './serve-static.ts';
import {
  browserUnavailableReason,
  buildWebApp,
  captureScreen,
  launchChromium,
  type Screen,
  settlePage,
} from './testing/browser.ts';
import { distanceMm, nearestIjk, voxel } from './testing/volume-truth.ts';
import { writeViewerPair, writeViewerStudy } from './viewer-files.ts';
import { mapAToB } from './viewer-pair.ts';
import type { ViewerLesion } from './viewer-study.ts';

// FDG and Pentixafor PET/CT of one phantom patient side by side in Debian's headless Chromium. The
// Pentixafor patient lies 12 mm left, 8 mm posterior, 20 mm headward and turned 3° (the truth); the
// viewer links the two through the registration of their CTs. What it shows is read as screen pixels.

const unavailable = browserUnavailableReason();
if (unavailable !== undefined) console.warn(unavailable);

const SHOTS = fileURLToPath(new URL('../../../.tmp/screenshots/', import.meta.url));

type Side = 'a' | 'b';
type PlaneId = 'axial' | 'coronal' | 'sagittal';
interface PlaneView {
  focalPoint: Vec3;
  parallelScale: number;
}
/** What the test uses of the page's globals (see app/src/viewer/PairViewer.tsx). */
interface Hook {
  document: { querySelector(selector: string): unknown };
  cxcr4petPair?: Record<
    Side,
    {
      jumpTo(lps: Vec3): void;
      worldToCanvas(id: PlaneId, lps: Vec3): [number, number];
      view(id: PlaneId): PlaneView;
    }
  >;
}

/** Black-Body Radiation as ParaView defines it (x, r, g, b): black → red at 0.4 → yellow at 0.8 → white. */
const BLACK_BODY: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 0],
  [0.4, 0.901960784314, 0, 0],
  [0.8, 0.901960784314, 0.901960784314, 0],
  [1, 1, 1, 1],
];

function blackBody(x: number): [number, number, number] {
  for (let n = 1; n < BLACK_BODY.length; n++) {
    const [x1, ...c1] = BLACK_BODY[n] as readonly [number, number, number, number];
    if (x <= x1) {
      const [x0, ...c0] = BLACK_BODY[n - 1] as readonly [number, number, number, number];
      const t = (x - x0) / (x1 - x0);
      return c0.map((c, k) => 255 * (c + t * ((c1[k] as number) - c))) as [number, number, number];
    }
  }
  return [255, 255, 255];
}

describe.skipIf(unavailable !== undefined)('FDG and Pentixafor side by side in Chromium', () => {
  let work: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let made: PhantomViewerPair;
  /** The mediastinal node as each study's engine found it (truth: (0, −60, 620) mm in A, moved in B). */
  let node: { a: ViewerLesion; b: ViewerLesion };

  async function canvasToPage(side: Side, id: PlaneId, lps: Vec3): Promise<[number, number]> {
    const box = await page.locator(`[data-side=${side}] [data-viewport=${id}]`).boundingBox();
    if (box === null) throw new Error(`viewport ${side} ${id} is not on screen`);
    const [x, y] = await page.evaluate(
      (a) => (globalThis as unknown as Hook).cxcr4petPair?.[a.side].worldToCanvas(a.id, a.lps) ?? [-1, -1],
      { side, id, lps },
    );
    return [box.x + x, box.y + y];
  }

  const view = (side: Side, id: PlaneId) =>
    page.evaluate(
      (a) => {
        const v = (globalThis as unknown as Hook).cxcr4petPair?.[a.side].view(a.id);
        if (v === undefined) throw new Error('the pair is not open');
        return v;
      },
      { side, id },
    );

  async function shot(name: string): Promise<Screen> {
    await settlePage(page);
    const screen = await captureScreen(page);
    await writeFile(join(SHOTS, `${name}.png`), screen.png);
    return screen;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-pair-'));
    await mkdir(SHOTS, { recursive: true });
    const appDir = join(work, 'app');
    const dataDir = join(work, 'data');
    const built = buildWebApp(appDir);
    made = phantomViewerPair({ id: 'pair' });
    await writeViewerStudy(dataDir, made.a.input);
    await writeViewerStudy(dataDir, made.b.input);
    await writeViewerPair(dataDir, made.pair);
    // A pair whose Pentixafor study was never written.
    await writeViewerPair(dataDir, { ...made.pair, id: 'half', b: { studyId: 'gone', label: 'Pentixafor' } });
    const truthA: Vec3 = [0, -60, 620];
    const find = (lesions: readonly ViewerLesion[], at: Vec3, what: string) => {
      const found = lesions.find((l) => distanceMm(l.centroidMm, at) < 5);
      if (found === undefined)
        throw new Error(`the engine did not find the mediastinal node in ${what} within 5 mm`);
      return found;
    };
    node = {
      a: find(made.a.input.lesions, truthA, 'FDG'),
      b: find(made.b.input.lesions, made.truthAToB(truthA), 'Pentixafor'),
    };
    await built;
    server = await serveStatic({ appDir, dataDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/?pair=pair`);
    const opened = await page
      .waitForFunction(
        () => {
          const page = globalThis as unknown as Hook;
          return page.cxcr4petPair !== undefined || page.document.querySelector('[role=alert]') !== null;
        },
        null,
        { timeout: 40_000 },
      )
      .then(() => page.locator('[role=alert]').allTextContents())
      .catch((error: Error) => [error.message]);
    if (opened.length > 0) throw new Error(`the pair did not open: ${[...opened, ...problems].join('; ')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('moves both studies to a matched lesion from its table row, each showing it hot where it lies', async () => {
    await page.getByRole('button', { name: '0–20' }).click();
    await page.getByRole('checkbox', { name: 'lesion overlay' }).uncheck();
    // The engine paired the node across tracers (its row), 12–24 mm apart in scanner coordinates.
    expect(distanceMm(node.a.centroidMm, node.b.centroidMm)).toBeGreaterThan(20);
    const row = page.locator(`tr[data-a="${node.a.label}"][data-b="${node.b.label}"]`);
    await row.click();
    await expect.poll(() => row.getAttribute('class')).toBe('selected');
    const screen = await shot('pair-viewer');
    // Each side's axial plane is on its own centroid's slice (jumpToWorld: exact along the normal).
    expect((await view('a', 'axial')).focalPoint[2]).toBeCloseTo(node.a.centroidMm[2], 3);
    expect((await view('b', 'axial')).focalPoint[2]).toBeCloseTo(node.b.centroidMm[2], 3);
    expect((await view('b', 'coronal')).focalPoint[1]).toBeCloseTo(node.b.centroidMm[1], 3);
    // And the node is hot on screen in both: PET colour (red ≫ blue; CT grey has red = blue) in every
    // fused plane at the point, SUV window 0–20 (FDG SUVmax ≈ 10, Pentixafor ≈ 13: mid-scale red/orange).
    for (const side of ['a', 'b'] as const)
      for (const id of ['axial', 'coronal', 'sagittal'] as const) {
        const [x, y] = await canvasToPage(side, id, node[side].centroidMm);
        const [r, g, b] = screen.rgb(x, y);
        expect(r - b, `${side} ${id}: pixel ${[r, g, b]} at the node`).toBeGreaterThan(60);
      }
    // The Pentixafor-only iliac bone lesion (FDG SUV 1.2 there): its row has no FDG lesion, and both
    // sides move to it — B to its centroid, A to where the registration puts it.
    const iliacTruthB = made.truthAToB([-112, 40, 152]);
    const iliac = made.b.input.lesions.find((l) => distanceMm(l.centroidMm, iliacTruthB) < 5);
    if (iliac === undefined) throw new Error('the engine did not find the iliac bone lesion in Pentixafor');
    expect(made.pair.matching.onlyB).toContain(iliac.label);
    await page.locator(`tr[data-a=""][data-b="${iliac.label}"]`).click();
    const bone = await shot('pair-viewer-pentixafor-only');
    expect((await view('b', 'axial')).focalPoint[2]).toBeCloseTo(iliac.centroidMm[2], 3);
    // A's slice is through the lesion's true FDG position to within the registration's error (< 1.5 mm).
    expect(Math.abs((await view('a', 'axial')).focalPoint[2] - 152)).toBeLessThan(1.5);
    const [bx, by] = await canvasToPage('b', 'axial', iliac.centroidMm);
    const [ax, ay] = await canvasToPage('a', 'axial', [-112, 40, 152]);
    const hotB = bone.rgb(bx, by);
    const coldA = bone.rgb(ax, ay);
    expect(hotB[0] - hotB[2], `Pentixafor pixel ${hotB}`).toBeGreaterThan(60);
    // FDG's bone there is SUV 1.2 (truth): 6 % up the 0–20 scale, a faint dark-red tint over the CT.
    expect(coldA[0] - coldA[2], `FDG pixel ${coldA}: at most a faint tint`).toBeLessThan(30);
  });

  it('scrolls, pans and zooms the other study to the same anatomy, through the registration', async () => {
    await page.locator(`tr[data-a="${node.a.label}"][data-b="${node.b.label}"]`).click();
    const axialA = page.locator('[data-side=a] [data-viewport=axial]');
    await axialA.focus();
    for (let n = 0; n < 6; n++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('PageDown');
    await settlePage(page);
    const a = await view('a', 'axial');
    const b = await view('b', 'axial');
    expect(Math.abs(a.focalPoint[2] - node.a.centroidMm[2]), 'A has moved').toBeGreaterThan(10);
    // B is centred on A's centre mapped by the pair's transform (to 0.01 mm, the link's own tolerance) …
    expect(distanceMm(b.focalPoint, mapAToB(made.pair.registration, a.focalPoint))).toBeLessThan(0.011);
    // … which is where the patient truly lies in B: the registration's error, measured ≈ 0.3 mm here;
    // 1.5 mm allows for it with margin (under a third of a 5 mm PET voxel).
    expect(distanceMm(b.focalPoint, made.truthAToB(a.focalPoint))).toBeLessThan(1.5);

    // Zoom (right drag) in B: A takes the same mm per pixel and B's centre mapped back.
    const box = await page.locator('[data-side=b] [data-viewport=axial]').boundingBox();
    if (box === null) throw new Error('no B axial view');
    const before = (await view('a', 'axial')).parallelScale;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 60, { steps: 6 });
    await page.mouse.up({ button: 'right' });
    await settlePage(page);
    const zoomedB = await view('b', 'axial');
    const zoomedA = await view('a', 'axial');
    expect(Math.abs(zoomedB.parallelScale - before) / before, 'B zoomed').toBeGreaterThan(0.05);
    expect(zoomedA.parallelScale).toBeCloseTo(zoomedB.parallelScale, 6);
    expect(distanceMm(made.truthAToB(zoomedA.focalPoint), zoomedB.focalPoint)).toBeLessThan(1.5);
  });

  it("marks the cursor of one study in the other and reads out both studies' values there", async () => {
    await page.locator(`tr[data-a="${node.a.label}"][data-b="${node.b.label}"]`).click();
    const [x, y] = await canvasToPage('a', 'axial', node.a.centroidMm);
    await page.mouse.move(Math.round(x), Math.round(y));
    const readoutA = page.locator('[data-side=a] [data-testid=readout]');
    const readoutB = page.locator('[data-side=b] [data-testid=readout]');
    await expect.poll(() => readoutA.getAttribute('data-lps')).not.toBeNull();
    const lpsA = JSON.parse((await readoutA.getAttribute('data-lps')) ?? '[]') as Vec3;
    // The values are the served voxels, found by hand: A's PET at the cursor, B's PET at the true
    // position of the same anatomy (the registration error, ≈ 0.3 mm, is far below B's 5 mm voxels).
    expect(await readoutA.getAttribute('data-suv')).toBe(
      String(voxel(made.a.petSuv, nearestIjk(made.a.petSuv, lpsA)).value),
    );
    const lpsB = made.truthAToB(lpsA);
    expect(await readoutB.getAttribute('data-suv')).toBe(
      String(voxel(made.b.petSuv, nearestIjk(made.b.petSuv, lpsB)).value),
    );
    const screen = await shot('pair-viewer-cursor');
    // The cyan cross in each of B's planes, centred where B shows the true point (within 2 px).
    for (const id of ['axial', 'coronal', 'sagittal'] as const) {
      const [cx, cy] = await canvasToPage('b', id, lpsB);
      const cyan: [number, number][] = [];
      for (let dy = -12; dy <= 12; dy++)
        for (let dx = -12; dx <= 12; dx++) {
          const [r, g, b] = screen.rgb(cx + dx, cy + dy);
          if (b > 180 && g > 140 && r < 90) cyan.push([dx, dy]);
        }
      expect(cyan.length, `${id}: cyan pixels of the cross`).toBeGreaterThan(12);
      const meanX = cyan.reduce((s, [dx]) => s + dx, 0) / cyan.length;
      const meanY = cyan.reduce((s, [, dy]) => s + dy, 0) / cyan.length;
      expect(Math.hypot(meanX, meanY), `${id}: the cross's centre`).toBeLessThan(2);
      // None at the same place in A (the cursor's own side shows no cross).
      const [ax, ay] = await canvasToPage('a', id, lpsA);
      const [r, g, b] = screen.rgb(ax + 4, ay);
      expect(b > 180 && g > 140 && r < 90, `${id}: no cross in A`).toBe(false);
    }
  });

  it('shows the SUV colour bar of the window, the colours of the Black-Body Radiation scale', async () => {
    await page.getByRole('button', { name: '0–10' }).click();
    const bar = page.locator('.colour-bar canvas');
    const box = await bar.boundingBox();
    if (box === null) throw new Error('no colour bar');
    expect(await page.locator('.colour-bar figcaption').textContent()).toBe('05SUV 10');
    const screen = await shot('pair-viewer-colour-bar');
    // Column x shows the scale at (x + 0.5) / 160; ±3 levels for 8-bit rounding.
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const column = Math.floor(fraction * 160);
      const expected = blackBody((column + 0.5) / 160);
      const pixel = screen.rgb(box.x + column + 0.5, box.y + box.height / 2);
      for (let c = 0; c < 3; c++)
        expect(
          Math.abs((pixel[c] as number) - (expected[c] as number)),
          `SUV ${fraction * 10}: pixel ${pixel}, expected ${expected.map(Math.round)}`,
        ).toBeLessThanOrEqual(3);
    }
  });

  it('names the study that is missing instead of showing half a pair', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${server.url}/?pair=half`);
      await expect
        .poll(() => other.getByRole('alert').textContent())
        .toBe(`Could not open pair half: ${server.url}/studies/gone/viewer.json: HTTP 404`);
    } finally {
      await other.close();
    }
  });
});
