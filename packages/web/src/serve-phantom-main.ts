/**
 * `npm run viewer -w @cxcr4pet/web` (after `npm run build -w @cxcr4pet/web`): writes a phantom
 * Pentixafor study to a temporary folder and serves the built app and the study on loopback; prints
 * the URL. For looking at the viewer by hand until the server serves real studies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { phantomViewerStudy } from './phantom-study.ts';
import { serveStatic } from './serve-static.ts';
import { writeViewerStudy } from './viewer-files.ts';

const appDir = fileURLToPath(new URL('../dist', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'cxcr4pet-viewer-'));
await writeViewerStudy(dataDir, phantomViewerStudy({ id: 'phantom', tracer: 'pentixafor' }).input);
const port = Number(process.env.PORT ?? 0);
const server = await serveStatic({ appDir, dataDir, port });
console.log(`viewer: ${server.url}/?study=phantom  (Ctrl-C stops)`);
process.on('SIGINT', () => {
  void server.close().then(() => rm(dataDir, { recursive: true, force: true }).then(() => process.exit(0)));
});
