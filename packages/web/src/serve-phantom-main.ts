/**
 * `npm run viewer -w @cxcr4pet/web` (after `npm run build -w @cxcr4pet/web`): writes a phantom
 * Pentixafor study, and a phantom participant's FDG and Pentixafor studies as a side-by-side pair, to a
 * temporary folder and serves the built app and the studies on loopback; prints the URLs. For looking
 * at the viewer by hand until the server serves real studies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { phantomViewerPair } from './phantom-pair.ts';
import { phantomViewerStudy } from './phantom-study.ts';
import { serveStatic } from './serve-static.ts';
import { writeViewerPair, writeViewerStudy } from './viewer-files.ts';

const appDir = fileURLToPath(new URL('../dist', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-viewer-'));
await writeViewerStudy(dataDir, phantomViewerStudy({ id: 'phantom', tracer: 'pentixafor' }).input);
const pair = phantomViewerPair({ id: 'pair' });
await writeViewerStudy(dataDir, pair.a.input);
await writeViewerStudy(dataDir, pair.b.input);
await writeViewerPair(dataDir, pair.pair);
const port = Number(process.env.PORT ?? 0);
const server = await serveStatic({ appDir, dataDir, port });
console.log(`viewer: ${server.url}/?study=phantom  side by side: ${server.url}/?pair=pair  (Ctrl-C stops)`);
process.on('SIGINT', () => {
  void server.close().then(() => rm(dataDir, { recursive: true, force: true }).then(() => process.exit(0)));
});
