import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
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
  settlePage,
} from './testing/browser.ts';
import { distanceMm, nearestIjk, voxel } from './testing/volume-truth.ts';
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
      nextRender(id: ViewportId): Promise<void>;
      renderMipLive(degrees: number): void;
      showMipCineFrame(degrees: number): boolean;
      mipCineReady(): Promise<boolean>;
    };
  };
}

/**
 * The same image stored turned 180° about the head–foot axis: i runs along −x, j along −y (as a
 * scanner might store it), origin at the far corner. Same voxel values at the same LPS positions.
 */
function turned<T extends Float32Array | Int32Array>(volume: Volume, data: T): { volume: Volume; data: T } {
  const [nx, ny, nz] = volume.dims;
  const out = data.slice() as T;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        out[i + nx * (j + ny * k)] = data[nx - 1 - i + nx * (ny - 1 - j + ny * k)] as number;
  const [ox, oy, oz] = volume.originMm;
  const [sx, sy] = volume.spacingMm;
  return {
    data: out,
    volume: {
      ...volume,
      originMm: [ox + (nx - 1) * sx, oy + (ny - 1) * sy, oz],
      direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
      data: out instanceof Float32Array ? out : volume.data,
    },
  };
}

/**
 * Soft tissue of the trunk in the lesion's axial slice, 25 mm from any other tissue and 40 mm from the
 * lesion (by the phantom's label map): SUV 0.7 there (Pentixafor), below the PET display threshold.
 */
function softTissueNear(study: PhantomViewerStudy, centroidMm: Vec3): Vec3 {
  const pet = study.petSuv;
  const labels = study.phantom.labels;
  const [, , k] = nearestIjk(pet, centroidMm);
  const [nx, ny] = pet.dims;
  const clear = Math.ceil(25 / pet.spacingMm[0]);
  let soft: Vec3 | undefined;
  for (let j = clear; j < ny - clear && soft === undefined; j++) {
    for (let i = clear; i < nx - clear && soft === undefined; i++) {
      const { lps } = voxel(pet, [i, j, k]);
      if (Math.hypot(lps[0] - centroidMm[0], lps[1] - centroidMm[1]) < 40) continue;
      let allTrunk = true;
      for (let dj = -clear; dj <= clear && allTrunk; dj++)
        for (let di = -clear; di <= clear && allTrunk; di++)
          allTrunk = labels[i + di + nx * (j + dj + ny * k)] === 1;
      if (allTrunk) soft = lps;
    }
  }
  if (soft === undefined) throw new Error('no soft-tissue point in the lesion slice');
  return soft;
}

describe.skipIf(unavailable !== undefined)('PET/CT viewer in Chromium', () => {
  let work: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let study: PhantomViewerStudy;
  /** The mediastinal node of the phantom (truth: centre (0, -60, 620) mm, radius 15 mm, SUV 12). */
  let lesion: { label: number; centroidMm: Vec3; suvMax: number };
  let softTissue: Vec3;

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

  async function focalPoint(id: ViewportId): Promise<Vec3> {
    return page.evaluate(
      (id) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.focalPoint(id) ?? [0, 0, 0],
      id,
    );
  }

  const settle = () => settlePage(page);

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
    // The same study with its PET (and lesion labels) stored turned 180°: direction must be honoured.
    const pet = turned(study.petSuv, study.petSuv.data);
    const labels = study.input.lesionLabels;
    await writeViewerStudy(dataDir, {
      ...study.input,
      id: 'turned',
      petSuv: pet.volume,
      ...(labels === undefined ? {} : { lesionLabels: turned(study.petSuv, labels).data }),
    });
    // A study whose PET voxels were cut short in storage (the meta.json still says the full size).
    const broken = await writeViewerStudy(dataDir, { ...study.input, id: 'broken' });
    await truncate(join(dataDir, 'volumes', broken.petVolumeId, 'data.f32'), 1000);
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
    softTissue = softTissueNear(study, lesion.centroidMm);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const openedAtMs = Date.now();
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
    // A figure, not a test: the target (≤ 2 s for a 500-slice study) belongs in a benchmark.
    console.info(`viewer: study opened and rendered in ${Date.now() - openedAtMs} ms`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('shows PET in colour at a lesion and the CT in grey (soft-tissue window) in soft tissue', async () => {
    // The screen as a reader first sees it (defaults: soft tissue, SUV 0–6, overlay on), at the node.
    await page.locator(`tr[data-label="${lesion.label}"]`).click();
    await shot('viewer');

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

    // Soft tissue, where the PET is below its display threshold: only the CT shows.
    const ct = study.input.ctHu;
    const soft = softTissue;
    const hu = voxel(ct, nearestIjk(ct, soft)).value;
    expect(hu).toBe(20); // the phantom's trunk
    expect(voxel(study.petSuv, nearestIjk(study.petSuv, soft)).value).toBeLessThan(1);
    // Soft-tissue window W 400 / L 40: grey = (HU − (40 − 200)) / 400 × 255 = 114.75 for 20 HU.
    const expectedGrey = ((hu - (40 - 200)) / 400) * 255;
    const [sx, sy] = await canvasToPage('axial', soft);
    const grey: Rgb = screen.rgb(sx, sy);
    // ±3 grey levels: 8-bit output and the colour table's sampling; the CT is uniform around the point.
    for (const channel of grey)
      expect(Math.abs(channel - expectedGrey), `soft tissue pixel ${grey}`).toBeLessThanOrEqual(3);

    // The other presets, same pixel: lung W 1500 / L −600 and bone W 1800 / L 400.
    for (const [preset, widthHu, centreHu] of [
      ['Lung', 1500, -600],
      ['Bone', 1800, 400],
    ] as const) {
      await page.getByRole('button', { name: preset }).click();
      const pixel = (await shot(`fusion-axial-${preset.toLowerCase()}`)).rgb(sx, sy);
      const expected = ((hu - (centreHu - widthHu / 2)) / widthHu) * 255;
      for (const channel of pixel)
        expect(
          Math.abs(channel - expected),
          `${preset}: pixel ${pixel}, expected ${expected}`,
        ).toBeLessThanOrEqual(3);
    }
    await page.getByRole('button', { name: 'Soft tissue' }).click();
  });

  it('draws the lesion overlay (green outline) around the lesion, and not when it is switched off', async () => {
    await page.evaluate(
      (lps) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(lps),
      lesion.centroidMm,
    );
    const [lx, ly] = await canvasToPage('axial', lesion.centroidMm);
    // The node's radius is 15 mm; its segmentation (SUV ≥ 4 after a 7 mm blur) lies within ~20 mm.
    const [ex] = await canvasToPage('axial', [
      lesion.centroidMm[0] + 25,
      lesion.centroidMm[1],
      lesion.centroidMm[2],
    ]);
    const radiusPx = Math.abs(ex - lx);
    /** Outline pixels: the overlay's green (0, 230, 90), which neither the hot scale nor CT grey has. */
    const greenAround = (screen: Screen, cx: number, cy: number) => {
      let count = 0;
      for (let y = Math.floor(cy - radiusPx); y <= cy + radiusPx; y++)
        for (let x = Math.floor(cx - radiusPx); x <= cx + radiusPx; x++) {
          const [r, g, b] = screen.rgb(x, y);
          if (g - r > 100 && g - b > 60) count++;
        }
      return count;
    };
    await page.getByRole('checkbox', { name: 'lesion overlay' }).check();
    const on = await shot('fusion-axial-overlay');
    await page.getByRole('checkbox', { name: 'lesion overlay' }).uncheck();
    const off = await shot('fusion-axial-no-overlay');
    const [sx, sy] = await canvasToPage('axial', softTissue);
    expect(greenAround(on, lx, ly), 'green pixels around the lesion with the overlay').toBeGreaterThan(20);
    expect(greenAround(off, lx, ly), 'green pixels around the lesion without the overlay').toBe(0);
    expect(greenAround(on, sx, sy), 'green pixels in soft tissue away from lesions').toBe(0);
  });

  it('moves every plane to a lesion when its row in the table is clicked', async () => {
    // Another lesion: the para-aortic node (truth centre (-24, 20, 300) mm), 320 mm below the mediastinal one.
    const truth = study.phantom.truth.lesions.find((l) => l.name === 'para-aortic-node');
    const target = study.input.lesions.find(
      (l) => truth !== undefined && distanceMm(l.centroidMm, truth.centreMm) < 5,
    );
    if (target === undefined) throw new Error('the engine did not find the para-aortic node within 5 mm');
    await page.getByRole('checkbox', { name: 'lesion overlay' }).check();
    const before = await focalPoint('axial');
    expect(Math.abs(before[2] - target.centroidMm[2])).toBeGreaterThan(50);

    await page.locator(`tr[data-label="${target.label}"]`).click();
    const screen = await shot('table-jump');
    // jumpToWorld moves each camera along its normal exactly onto the centroid's plane.
    expect((await focalPoint('axial'))[2]).toBeCloseTo(target.centroidMm[2], 3);
    expect((await focalPoint('coronal'))[1]).toBeCloseTo(target.centroidMm[1], 3);
    expect((await focalPoint('sagittal'))[0]).toBeCloseTo(target.centroidMm[0], 3);
    await expect
      .poll(() => page.locator(`tr[data-label="${target.label}"]`).getAttribute('class'))
      .toBe('selected');
    // And the plane shown there is the lesion's: the overlay outline is around its centre on screen.
    for (const id of ['axial', 'coronal', 'sagittal'] as const) {
      const [x, y] = await canvasToPage(id, target.centroidMm);
      let green = 0;
      for (let dy = -25; dy <= 25; dy++)
        for (let dx = -25; dx <= 25; dx++) {
          const [r, g, b] = screen.rgb(x + dx, y + dy);
          if (g - r > 100 && g - b > 60) green++;
        }
      expect(green, `overlay pixels around the lesion in the ${id} view`).toBeGreaterThan(5);
    }
  });

  it('reads out the SUV of the PET voxel under the cursor, equal to the phantom volume', async () => {
    // The hottest voxel of the mediastinal node, found by hand in the served PET volume.
    const pet = study.petSuv;
    const [ci, cj, ck] = nearestIjk(pet, lesion.centroidMm);
    let hottest: Vec3 = [ci, cj, ck];
    let hottestSuv = Number.NEGATIVE_INFINITY;
    for (let k = ck - 3; k <= ck + 3; k++)
      for (let j = cj - 3; j <= cj + 3; j++)
        for (let i = ci - 3; i <= ci + 3; i++) {
          const { value } = voxel(pet, [i, j, k]);
          if (value > hottestSuv) [hottest, hottestSuv] = [[i, j, k], value];
        }
    expect(hottestSuv).toBeCloseTo(lesion.suvMax, 5); // the engine's SUVmax is that voxel
    const points = [
      { name: 'lesion', ijk: hottest },
      { name: 'soft tissue', ijk: nearestIjk(pet, softTissue) },
    ];
    for (const { name, ijk } of points) {
      const { lps, value } = voxel(pet, ijk);
      await page.evaluate((p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p), lps);
      await settle();
      const [x, y] = await canvasToPage('axial', lps);
      // Whole pixels: at ~0.8 px/mm a pixel is 1.2 mm, well inside the 5 mm voxel around the centre.
      await page.mouse.move(Math.round(x), Math.round(y));
      const readout = page.getByTestId('readout');
      await expect.poll(() => readout.getAttribute('data-suv')).toBe(String(value));
      expect(await readout.textContent(), name).toContain(`SUV ${value.toFixed(2)}`);
      const ct = study.input.ctHu;
      const hu = voxel(ct, nearestIjk(ct, lps)).value;
      expect(await readout.getAttribute('data-hu'), name).toBe(String(hu));
    }
    await shot('readout');
  });

  it('shows the PET MIP in inverted grey, equal to the hand-computed maximum along the ray, turned to 90°', async () => {
    await page.getByRole('button', { name: '0–20' }).click();
    const upper = 20;
    const pet = study.petSuv;
    const [nx, ny, nz] = pet.dims;
    const at = (i: number, j: number, k: number) =>
      i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz
        ? 0
        : (pet.data[i + nx * (j + ny * k)] as number);
    // 0°: seen from the front, rays along y (max over j); 90°: from the patient's left, rays along x.
    const views = [
      { angle: 0, ray: 1 as const },
      { angle: 90, ray: 0 as const },
    ];
    for (const { angle, ray } of views) {
      await page.getByRole('slider', { name: 'MIP angle in degrees' }).fill(String(angle));
      // The ray cast at the exact angle (the cine's frame, if one was drawn, gives way to it).
      await expect.poll(() => page.locator('[data-viewport=mip] canvas.mip-cine').isVisible()).toBe(false);
      const screen = await shot(`mip-${angle}`);
      const mipAt = (ijk: Vec3) => {
        let max = Number.NEGATIVE_INFINITY;
        for (let n = 0; n < pet.dims[ray]; n++)
          max = Math.max(max, ray === 1 ? at(ijk[0], n, ijk[2]) : at(n, ijk[1], ijk[2]));
        return max;
      };
      for (const [name, lps] of [
        ['lesion', lesion.centroidMm],
        ['soft tissue', softTissue],
      ] as const) {
        const ijk = nearestIjk(pet, lps);
        const max = mipAt(ijk);
        // The ray samples between voxel centres (trilinear), so allow the change of the MIP to the
        // next voxel across the image (in plane, both directions), plus 3 grey levels of 8-bit rounding.
        const across: Vec3[] =
          ray === 1
            ? [
                [ijk[0] + 1, 0, ijk[2]],
                [ijk[0] - 1, 0, ijk[2]],
                [ijk[0], 0, ijk[2] + 1],
                [ijk[0], 0, ijk[2] - 1],
              ]
            : [
                [0, ijk[1] + 1, ijk[2]],
                [0, ijk[1] - 1, ijk[2]],
                [0, ijk[1], ijk[2] + 1],
                [0, ijk[1], ijk[2] - 1],
              ];
        const spread = Math.max(...across.map((n) => Math.abs(mipAt(n) - max)));
        const expected = 255 * (1 - Math.min(max / upper, 1));
        const tolerance = (255 * spread) / upper + 3;
        const [x, y] = await canvasToPage('mip', voxel(pet, ijk).lps);
        const [r, g, b] = screen.rgb(x, y);
        const what = `${angle}°, ${name}: MIP ${max.toFixed(2)} → grey ${expected.toFixed(0)} ± ${tolerance.toFixed(0)}`;
        expect(Math.abs(g - r) + Math.abs(g - b), `${what}: pixel ${[r, g, b]} is grey`).toBeLessThanOrEqual(
          2,
        );
        expect(Math.abs(g - expected), `${what}, got ${g}`).toBeLessThanOrEqual(tolerance);
      }
    }
    await page.getByRole('slider', { name: 'MIP angle in degrees' }).fill('0');
  });

  it('shows the precomputed cine frame while the MIP turns: the ray-cast image of that angle', async () => {
    await page.getByRole('button', { name: '0–20' }).click();
    expect(
      await page.evaluate(() => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.mipCineReady()),
    ).toBe(true);
    const box = await page.locator('[data-viewport=mip]').boundingBox();
    if (box === null) throw new Error('no MIP view');
    const greys = (screen: Screen) => {
      const out: number[] = [];
      for (let y = Math.ceil(box.y); y < box.y + box.height - 1; y++)
        for (let x = Math.ceil(box.x); x < box.x + box.width - 1; x++) out.push(screen.rgb(x, y)[1]);
      return out;
    };
    for (const angle of [30, 120, 250]) {
      await page.evaluate(async (angle) => {
        const viewer = (globalThis as unknown as Hook).cxcr4petViewer?.viewer;
        const drawn = viewer?.nextRender('mip');
        viewer?.renderMipLive(angle);
        await drawn;
      }, angle);
      const live = greys(await shot(`mip-live-${angle}`));
      expect(
        await page.evaluate(
          (angle) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.showMipCineFrame(angle),
          angle,
        ),
      ).toBe(true);
      const cine = greys(await shot(`mip-cine-${angle}`));
      // Same picture, pixel by pixel: the cine takes each bin's hottest voxel where the ray cast samples
      // between voxels (trilinear), and its frame is scaled up bilinearly, so edges of hot structures
      // differ by up to the step between neighbouring voxels; inside and outside them they agree.
      let sum = 0;
      let far = 0;
      for (let n = 0; n < live.length; n++) {
        const d = Math.abs((live[n] as number) - (cine[n] as number));
        sum += d;
        if (d > 40) far++;
      }
      const meanDiff = sum / live.length;
      expect(meanDiff, `${angle}°: mean grey difference`).toBeLessThanOrEqual(4);
      expect(far / live.length, `${angle}°: pixels more than 40 grey levels apart`).toBeLessThanOrEqual(0.02);
    }
    await page.getByRole('slider', { name: 'MIP angle in degrees' }).fill('0');
  });

  it('moves the other planes to the point clicked in one', async () => {
    await page.locator(`tr[data-label="${lesion.label}"]`).click(); // coronal plane through the node
    const [x, y] = await canvasToPage('coronal', lesion.centroidMm);
    const [x2] = await canvasToPage('coronal', [
      lesion.centroidMm[0] + 10,
      lesion.centroidMm[1],
      lesion.centroidMm[2],
    ]);
    const mmPerPixel = 10 / Math.abs(x2 - x);
    await page.getByRole('slider', { name: 'MIP angle in degrees' }).focus(); // away from the table
    await page.mouse.click(Math.round(x), Math.round(y));
    // Within one pixel: the click lands on a whole pixel.
    expect(Math.abs((await focalPoint('axial'))[2] - lesion.centroidMm[2])).toBeLessThanOrEqual(mmPerPixel);
    expect(Math.abs((await focalPoint('sagittal'))[0] - lesion.centroidMm[0])).toBeLessThanOrEqual(
      mmPerPixel,
    );
  });

  /** Overlay pixels of a colour test within `radiusPx` of a screen point. */
  function countAround(
    screen: Screen,
    [cx, cy]: [number, number],
    radiusPx: number,
    test: (rgb: Rgb) => boolean,
  ) {
    let count = 0;
    for (let y = Math.floor(cy - radiusPx); y <= cy + radiusPx; y++)
      for (let x = Math.floor(cx - radiusPx); x <= cx + radiusPx; x++) if (test(screen.rgb(x, y))) count++;
    return count;
  }
  const isGreen = ([r, g, b]: Rgb) => g - r > 100 && g - b > 60;
  const isMagenta = ([r, g, b]: Rgb) => r - g > 100 && b - g > 100;

  it('deletes a lesion, and adds it back by a click: the same voxels the engine found at its threshold', async () => {
    // The para-aortic node (truth centre (-24, 20, 300) mm, radius 10 mm); nothing else within 60 mm.
    const truth: Vec3 = [-24, 20, 300];
    const target = study.input.lesions.find((l) => distanceMm(l.centroidMm, truth) < 5);
    if (target === undefined) throw new Error('the engine did not find the para-aortic node within 5 mm');
    await page.getByRole('checkbox', { name: 'lesion overlay' }).check();
    await page.locator(`tr[data-label="${target.label}"]`).click();
    const at = await canvasToPage('axial', target.centroidMm);
    expect(countAround(await shot('review-before'), at, 30, isGreen), 'overlay before').toBeGreaterThan(20);

    await page.getByRole('button', { name: `Delete lesion ${target.label}` }).click();
    await expect.poll(() => page.locator(`tr[data-label="${target.label}"]`).count()).toBe(0);
    expect(countAround(await shot('review-deleted'), at, 30, isGreen), 'overlay after deleting').toBe(0);

    // Add lesion, then a click 6 mm off the centre: the seed is the hottest voxel within 10 mm.
    await page.getByRole('button', { name: 'Add lesion' }).click();
    const click = await canvasToPage('axial', [truth[0] + 6, truth[1], truth[2]]);
    await page.mouse.click(Math.round(click[0]), Math.round(click[1]));
    const label = Math.max(...study.input.lesions.map((l) => l.label)) + 1;
    const row = page.locator(`tr[data-label="${label}"]`);
    await expect.poll(() => row.count()).toBe(1);
    // The same connected voxels at SUV ≥ 4 as the engine's lesion: same SUVmax, SUVmean, volume.
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 6)).toEqual([
      String(label),
      target.suvMax.toFixed(2),
      target.suvPeak.toFixed(2),
      target.suvMean.toFixed(2),
      target.volumeMl.toFixed(2),
      target.centroidMm.map((v) => (Math.round(v) || 0).toFixed(0)).join(', '),
    ]);
    expect(countAround(await shot('review-added'), at, 30, isGreen), 'overlay after adding').toBeGreaterThan(
      20,
    );
    await expect.poll(() => page.locator('.edits li').count()).toBe(2);

    // A click where nothing reaches SUV 4 (soft tissue) adds nothing and says why.
    await page.getByRole('button', { name: 'Add lesion' }).click();
    const soft = await canvasToPage('axial', softTissue);
    await page.mouse.click(Math.round(soft[0]), Math.round(soft[1]));
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('no voxel of SUV ≥ 4 within 10 mm');
    await expect.poll(() => page.locator('.edits li').count()).toBe(2);
  });

  it('re-runs the segmentation at another threshold: lesions below it leave the table and the overlay', async () => {
    // The left inguinal node's true SUV is 8, the mediastinal node's 12: at SUV ≥ 10 only the latter stays.
    const inguinalTruth: Vec3 = [72, -60, 40];
    const inguinal = study.input.lesions.find((l) => distanceMm(l.centroidMm, inguinalTruth) < 5);
    if (inguinal === undefined) throw new Error('the engine did not find the inguinal node');
    expect(inguinal.suvMax).toBeLessThan(10);
    expect(lesion.suvMax).toBeGreaterThan(10);
    await page.getByRole('spinbutton', { name: 'SUV threshold' }).fill('10');
    await page.getByRole('button', { name: 'Re-run segmentation' }).click();
    await expect.poll(() => page.locator('.lesions h2').textContent()).toContain('suv:10, reviewed');
    // Every lesion left has SUVmax ≥ 10 and one of them is the mediastinal node.
    const rows = page.locator('.lesions tbody tr');
    const maxima = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(maxima.length).toBeGreaterThan(0);
    for (const max of maxima) expect(max).toBeGreaterThanOrEqual(10);
    expect(maxima).toContain(Number(lesion.suvMax.toFixed(2)));
    await page.evaluate(
      (p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p),
      inguinal.centroidMm,
    );
    const screen = await shot('review-threshold-10');
    expect(
      countAround(screen, await canvasToPage('axial', inguinal.centroidMm), 25, isGreen),
      'inguinal',
    ).toBe(0);
    await page.evaluate(
      (p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p),
      lesion.centroidMm,
    );
    const node = await shot('review-threshold-10-node');
    expect(
      countAround(node, await canvasToPage('axial', lesion.centroidMm), 30, isGreen),
      'node',
    ).toBeGreaterThan(20);
  });

  it('places a liver reference by a click and measures it in its 30 mm sphere', async () => {
    // Inside the phantom's liver (ellipsoid centre (-75, 0, 410), radii 80/75/60 mm), 70 mm from its lesion.
    const point: Vec3 = [-110, 20, 440];
    await page.evaluate((p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p), point);
    await settle();
    await page.getByRole('button', { name: 'Liver reference' }).click();
    const [x, y] = await canvasToPage('axial', point);
    await page.mouse.move(Math.round(x), Math.round(y));
    const clicked = JSON.parse((await page.getByTestId('readout').getAttribute('data-lps')) ?? '[]') as Vec3;
    await page.mouse.click(Math.round(x), Math.round(y));
    const row = page.locator('tr[data-organ=liver]');
    await expect.poll(() => row.count()).toBe(1);
    const meanSuv = Number(await row.getAttribute('data-mean'));
    // By hand: the mean of the PET voxels whose centres lie within 15 mm of the clicked point.
    const pet = study.petSuv;
    const [nx, ny, nz] = pet.dims;
    let sum = 0;
    let count = 0;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = voxel(pet, [i, j, k]);
          if (distanceMm(v.lps, clicked) <= 15) {
            sum += v.value;
            count++;
          }
        }
    expect(meanSuv).toBeCloseTo(sum / count, 6);
    // And near the phantom's true liver SUV: noise (10 % per voxel over ~110 voxels) and blur at most 5 %.
    const liverSuv = study.phantom.truth.organs.find((o) => o.name === 'liver')?.suv ?? Number.NaN;
    expect(Math.abs(meanSuv - liverSuv) / liverSuv).toBeLessThan(0.05);
    // The sphere is drawn in magenta around the point.
    const screen = await shot('review-liver-reference');
    expect(countAround(screen, [x, y], 25, isMagenta), 'magenta sphere outline').toBeGreaterThan(20);
  });

  it('places a PET stored with other axes (i along −x, j along −y) by its direction', async () => {
    const truth = study.phantom.truth.lesions.find((l) => l.name === 'liver-lesion');
    const target = study.input.lesions.find(
      (l) => truth !== undefined && distanceMm(l.centroidMm, truth.centreMm) < 5,
    );
    if (target === undefined) throw new Error('the engine did not find the liver lesion within 5 mm');
    // Its hottest voxel in the phantom as made (axes along +x, +y), by hand.
    const pet = study.petSuv;
    const [ci, cj, ck] = nearestIjk(pet, target.centroidMm);
    let hottest = voxel(pet, [ci, cj, ck]);
    for (let k = ck - 2; k <= ck + 2; k++)
      for (let j = cj - 2; j <= cj + 2; j++)
        for (let i = ci - 2; i <= ci + 2; i++) {
          const v = voxel(pet, [i, j, k]);
          if (v.value > hottest.value) hottest = v;
        }
    await page.goto(`${server.url}/?study=turned`);
    await page.waitForFunction(
      () => (globalThis as unknown as Hook).cxcr4petViewer?.viewer !== undefined,
      null,
      {
        timeout: 30_000,
      },
    );
    await page.getByRole('button', { name: '0–20' }).click();
    await page.getByRole('checkbox', { name: 'lesion overlay' }).uncheck();
    await page.evaluate((p) => (globalThis as unknown as Hook).cxcr4petViewer?.viewer.jumpTo(p), hottest.lps);
    const screen = await shot('turned-pet');
    const [x, y] = await canvasToPage('axial', hottest.lps);
    const [r, , b] = screen.rgb(x, y);
    expect(r - b, `PET colour at the liver lesion, pixel ${screen.rgb(x, y)}`).toBeGreaterThan(60);
    await page.mouse.move(Math.round(x), Math.round(y));
    await expect.poll(() => page.getByTestId('readout').getAttribute('data-suv')).toBe(String(hottest.value));
  });

  it('says in one line which study or file is wrong instead of showing an empty viewer', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${server.url}/?study=missing`);
      await expect
        .poll(() => other.getByRole('alert').textContent())
        .toBe(`Could not open study missing: ${server.url}/studies/missing/viewer.json: HTTP 404`);
      await other.goto(`${server.url}/?study=broken`);
      await expect
        .poll(() => other.getByRole('alert').textContent(), { timeout: 20_000 })
        .toBe(
          `${server.url}/volumes/broken-pet/data.f32: holds 1000 bytes, meta.json of 'broken-pet' says ${study.petSuv.data.length * 4}`,
        );
    } finally {
      await other.close();
    }
  });
});
