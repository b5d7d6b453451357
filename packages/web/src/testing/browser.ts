import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** Debian's Chromium (installed by `scripts/setup.sh --test`); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, sandbox-free (tests run as root in CI), no network beyond loopback, and WebGL2 through
 * SwiftShader (a CPU implementation), so that Cornerstone renders the same on every machine.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailableReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `skipping the browser tests: no Chromium at ${CHROMIUM_PATH} (install it with 'bash scripts/setup.sh --test', or set CHROMIUM_PATH)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/** Builds the web app with its own Vite config into `outDir` (offline: everything comes from node_modules). */
export async function buildWebApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      mode: 'production',
      build: { outDir, emptyOutDir: true },
      logLevel: 'error',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export type Rgb = readonly [number, number, number];

/** A screenshot of the page as RGBA pixels (what a person sees, not what the app says it drew). */
export interface Screen {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  rgb(x: number, y: number): Rgb;
}

export async function captureScreen(page: Page): Promise<Screen> {
  const png = await page.screenshot({ type: 'png' });
  const image = PNG.sync.read(png);
  return {
    png,
    width: image.width,
    height: image.height,
    rgb(x, y) {
      const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [image.data[offset] ?? 0, image.data[offset + 1] ?? 0, image.data[offset + 2] ?? 0];
    },
  };
}

/**
 * Waits until no view is drawn at reduced resolution (a plane that scrolled settles 250 ms after its last
 * step, `data-interactive`), then two animation frames, so that Cornerstone has drawn the last change.
 */
export async function settlePage(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelector(selector: string): unknown } }
      ).document.querySelector('[data-interactive]') === null,
    null,
    { timeout: 10_000 },
  );
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const page = globalThis as unknown as { requestAnimationFrame(callback: () => void): number };
        page.requestAnimationFrame(() => page.requestAnimationFrame(() => done()));
      }),
  );
}
