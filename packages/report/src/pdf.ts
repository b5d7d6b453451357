import { chromium } from 'playwright-core';

/** Debian's Chromium (package `chromium`); `CHROMIUM_PATH` overrides it. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline headless Chromium (no sandbox: it runs as root in CI). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The report failed to print: one line naming the browser and the reason. */
export class PdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfError';
  }
}

/** Where a figure landed in the PDF: its page (1-based) and its box on that page in millimetres. */
export interface PrintedFigure {
  readonly id: string;
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** The printed report and where each `figure` element sits in it. */
export interface PrintedReport {
  readonly pdf: Uint8Array<ArrayBuffer>;
  readonly figures: readonly PrintedFigure[];
}

/** The report's page: A4 with the margins of the report's `@page` rule (see `html.ts`). */
export const PAGE_MM = { width: 210, height: 297, top: 14, right: 14, bottom: 16, left: 14 } as const;
const PX_PER_MM = 96 / 25.4;

/**
 * Prints a self-contained HTML document to PDF (A4, backgrounds, the CSS `@page` margins) with Debian's
 * Chromium driven by playwright-core (which ships no browser: nothing is downloaded). Network requests are
 * refused, so the PDF can only show what the HTML carries inline.
 */
export async function renderPdf(
  html: string,
  options: { executablePath?: string } = {},
): Promise<PrintedReport> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: 30_000 });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new PdfError(`cannot start Chromium at ${executablePath} (install Debian's chromium): ${reason}`);
  }
  try {
    // The viewport is the printable width, so that the screen layout measured below is the printed one.
    const page = await browser.newPage({
      viewport: {
        width: Math.round((PAGE_MM.width - PAGE_MM.left - PAGE_MM.right) * PX_PER_MM),
        height: 1000,
      },
    });
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // Each `section.page` starts a printed page, so a figure's page is its section's number and its place
    // on the page is its offset from the section's top, below the top margin.
    const boxes = await page.$$eval('figure', (figures) =>
      figures.map((f) => {
        const section = f.closest('section.page');
        const r = f.getBoundingClientRect();
        const s = section?.getBoundingClientRect();
        return {
          id: f.id,
          page: Number(section?.getAttribute('data-page') ?? 0),
          x: r.left - (s?.left ?? 0),
          y: r.top - (s?.top ?? 0),
          width: r.width,
          height: r.height,
        };
      }),
    );
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return {
      pdf: new Uint8Array(pdf),
      figures: boxes.map((b) => ({
        id: b.id,
        page: b.page,
        xMm: PAGE_MM.left + b.x / PX_PER_MM,
        yMm: PAGE_MM.top + b.y / PX_PER_MM,
        widthMm: b.width / PX_PER_MM,
        heightMm: b.height / PX_PER_MM,
      })),
    };
  } finally {
    await browser.close();
  }
}
