// npm run bench -- web: the viewer on a 500-slice phantom study in headless Chromium (SwiftShader),
// against the issue's goals — first fused image ≤ 2 s, scrolling and MIP rotation ≥ 20 frames/s — and
// against baselines measured in the same run: the page fetching the same bytes and doing nothing else
// (the floor of the first image), and the MIP turned by ray-casting every frame (what the precomputed
// cine replaces). Wall time and the browser's CPU time (every process this one started, from /proc).
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phantomViewerStudy } from '../src/phantom-study.ts';
import { serveStatic } from '../src/serve-static.ts';
import { browserUnavailableReason, buildWebApp, launchChromium } from '../src/testing/browser.ts';
import { writeViewerStudy } from '../src/viewer-files.ts';

type ViewportId = 'axial' | 'coronal' | 'sagittal' | 'mip';
interface Page {
  cxcr4petViewer?: {
    viewer: {
      nextRender(id: ViewportId): Promise<void>;
      scroll(id: ViewportId, delta: number): void;
      setMipAngle(degrees: number): void;
      renderMipLive(degrees: number): void;
      mipCineReady(): Promise<boolean>;
    };
  };
  performance: {
    now(): number;
    getEntriesByType(type: string): { name: string; duration: number }[];
  };
  fetch(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; json(): Promise<{ dataType: string }> }>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const unavailable = browserUnavailableReason();
if (unavailable !== undefined) {
  log(unavailable);
  process.exit(0);
}

/** CPU time (ms) of a process's descendants (not itself), from /proc (Linux; 0 elsewhere). */
function descendantsCpuMs(rootPid: number): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const stats = new Map<number, { ppid: number; cpu: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) * tick,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid ?? 0, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === rootPid) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, s] of stats) if (inTree(pid)) total += s.cpu;
  return total;
}

const work = await mkdtemp(join(tmpdir(), 'cxcr4pet-web-bench-'));
try {
  let t = Date.now();
  await buildWebApp(join(work, 'app'));
  log(`built the app in ${Date.now() - t} ms`);
  t = Date.now();
  // 500 slices: PET 200 × 200 of 2.5 mm, CT 256 × 256 of 2 mm, slices 2 mm apart.
  const study = phantomViewerStudy({
    id: 'bench',
    tracer: 'pentixafor',
    petDims: [200, 200, 500],
    petSpacingMm: [2.5, 2.5, 2],
    ctDims: [256, 256, 500],
    ctSpacingMm: [2, 2, 2],
  });
  const written = await writeViewerStudy(join(work, 'data'), study.input);
  log(`made and wrote the phantom study in ${Date.now() - t} ms`);
  const server = await serveStatic({ appDir: join(work, 'app'), dataDir: join(work, 'data') });
  const browser = await launchChromium();
  const frames = 40;
  type Timed = { ms: number; cpuMs: number };
  type Figures = {
    mb: number;
    floor: Timed;
    firstImage: Timed;
    cineMs: number;
    scrollEarly: Timed;
    scroll: Timed;
    rotateLive: Timed;
    rotateCine: Timed;
  };
  const timed = async (run: () => Promise<number>): Promise<Timed> => {
    const cpu = descendantsCpuMs(process.pid);
    const ms = await run();
    return { ms, cpuMs: descendantsCpuMs(process.pid) - cpu };
  };
  const measure = async (label: string): Promise<Figures> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/favicon-none`);
      const ids = [written.ctVolumeId, written.petVolumeId, written.lesionVolumeId ?? written.petVolumeId];
      // The floor: the page fetching the same data files (names from each meta.json), nothing else.
      let mb = 0;
      const floor = await timed(async () => {
        const { fetchMs, bytes } = await page.evaluate(async (ids) => {
          const g = globalThis as unknown as Page;
          const files: Record<string, string> = { float32: 'data.f32', int16: 'data.i16', uint8: 'data.u8' };
          const start = g.performance.now();
          const names = await Promise.all(
            ids.map(async (id) => files[(await (await g.fetch(`/volumes/${id}/meta.json`)).json()).dataType]),
          );
          const sizes = await Promise.all(
            ids.map(async (id, n) => (await g.fetch(`/volumes/${id}/${names[n]}`)).arrayBuffer()),
          );
          return { fetchMs: g.performance.now() - start, bytes: sizes.reduce((s, b) => s + b.byteLength, 0) };
        }, ids);
        mb = bytes / 1e6;
        return fetchMs;
      });
      // The first image: navigation until all four viewports have drawn (the app sets its hook then).
      const firstImage = await timed(async () => {
        const start = Date.now();
        await page.goto(`${server.url}/?study=${written.id}`);
        await page.waitForFunction(() => (globalThis as unknown as Page).cxcr4petViewer !== undefined, null, {
          timeout: 120_000,
        });
        return Date.now() - start;
      });
      const stages = await page.evaluate(() =>
        (globalThis as unknown as Page).performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('cxcr4pet'))
          .map((m) => `${m.name}: ${m.duration.toFixed(0)} ms`),
      );
      log(`${label}: stages of the first image:\n  ${stages.join('\n  ')}`);
      const scrollFor = () =>
        timed(() =>
          page.evaluate(async (frames) => {
            const g = globalThis as unknown as Page;
            const viewer = g.cxcr4petViewer?.viewer;
            if (viewer === undefined) throw new Error('no viewer');
            const begin = g.performance.now();
            for (let n = 0; n < frames; n++) {
              const drawn = viewer.nextRender('axial');
              viewer.scroll('axial', 1);
              await drawn;
            }
            return g.performance.now() - begin;
          }, frames),
        );
      // Right after the first image the cine is being projected on the other core: scrolling then, and
      // again once it is done.
      const scrollEarly = await scrollFor();
      const turn = (live: boolean) =>
        timed(() =>
          page.evaluate(
            async ({ frames, live }) => {
              const g = globalThis as unknown as Page;
              const viewer = g.cxcr4petViewer?.viewer;
              if (viewer === undefined) throw new Error('no viewer');
              const begin = g.performance.now();
              for (let n = 1; n <= frames; n++) {
                const drawn = viewer.nextRender('mip');
                if (live) viewer.renderMipLive((n * 9) % 360);
                else viewer.setMipAngle((n * 9) % 360);
                await drawn;
              }
              return g.performance.now() - begin;
            },
            { frames, live },
          ),
        );
      const rotateLive = await turn(true);
      const cineStart = Date.now();
      const cineMade = await page.evaluate(() =>
        (globalThis as unknown as Page).cxcr4petViewer?.viewer.mipCineReady(),
      );
      if (cineMade !== true) throw new Error('the MIP cine was not made');
      const cineMs = Date.now() - cineStart;
      const projected = await page.evaluate(() =>
        (globalThis as unknown as Page).performance
          .getEntriesByType('measure')
          .find((m) => m.name === 'cxcr4pet MIP cine projected'),
      );
      log(
        `${label}: MIP cine projected in ${projected?.duration.toFixed(0)} ms (worker, after the first image)`,
      );
      const rotateCine = await turn(false);
      const scroll = await scrollFor();
      return { mb, floor, firstImage, cineMs, scrollEarly, scroll, rotateLive, rotateCine };
    } finally {
      await context.close();
    }
  };
  try {
    const runs: { label: string; figures: Figures }[] = [];
    for (let round = 1; round <= 2; round++) {
      const label = `round ${round}`;
      runs.push({ label, figures: await measure(label) });
    }
    const fps = (t: Timed) => (frames * 1000) / t.ms;
    const both = (t: Timed) => `${t.ms.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms)`;
    const goal = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const rows = runs.map(({ label, figures: f }) => [
      label,
      `${f.mb.toFixed(0)} MB`,
      both(f.floor),
      `${both(f.firstImage)}, ${(f.firstImage.ms / f.floor.ms).toFixed(2)}× the floor, goal ≤ 2 s ${goal(f.firstImage.ms <= 2000)}`,
      `${fps(f.scrollEarly).toFixed(1)}/s (CPU ${(f.scrollEarly.cpuMs / frames).toFixed(0)} ms a frame)`,
      `${fps(f.scroll).toFixed(1)}/s (CPU ${(f.scroll.cpuMs / frames).toFixed(0)} ms a frame), goal ${goal(fps(f.scroll) >= 20)}`,
      `${fps(f.rotateLive).toFixed(1)}/s (CPU ${(f.rotateLive.cpuMs / frames).toFixed(0)} ms a frame)`,
      `${f.cineMs} ms after the live turns`,
      `${fps(f.rotateCine).toFixed(1)}/s (${(fps(f.rotateCine) / fps(f.rotateLive)).toFixed(0)}× live), goal ${goal(fps(f.rotateCine) >= 20)}`,
    ]);
    process.stdout.write(
      `Viewer on a 500-slice study (PET 200×200, CT 256×256), headless Chromium + SwiftShader; goals: first image ≤ 2 s, ≥ 20 frames/s\n\n` +
        `| run | bytes | floor: fetch only | first image (all 4 viewports drawn) | axial scroll (${frames}) while the cine is projected | axial scroll (${frames}) after | MIP ray-cast per frame (baseline, ${frames} × 9°) | MIP cine projected | MIP cine (${frames} × 9°) |\n|---|---|---|---|---|---|---|---|---|\n${rows
          .map((r) => `| ${r.join(' | ')} |`)
          .join('\n')}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
