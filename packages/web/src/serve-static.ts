import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { isViewerId } from './viewer-study.ts';

/**
 * A small static server for the built web app and the viewer's data, for tests and demos until the
 * server room serves both: `GET /studies/<id>/viewer.json`, `GET /pairs/<id>/viewer-pair.json`,
 * `GET /volumes/<id>/meta.json` and
 * `GET /volumes/<id>/data.f32` (or `.i16`, `.u8`: `wireFileName`) come from `dataDir` (the layout `writeViewerStudy` writes); every other
 * path is a file of `appDir` (the Vite build), with `index.html` for paths without an extension
 * (client-side routes). Read-only, loopback by default. Plain `node:http` because it is 80 lines.
 */
export interface StaticServerOptions {
  readonly appDir: string;
  readonly dataDir: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.f32': 'application/octet-stream',
  '.i16': 'application/octet-stream',
  '.u8': 'application/octet-stream',
};

const DATA_PATH =
  /^\/(studies\/[^/]+\/viewer\.json|pairs\/[^/]+\/viewer-pair\.json|volumes\/[^/]+\/(?:meta\.json|data\.(?:f32|i16|u8)))$/;

/** The file a URL path names, or undefined when it names none (404). */
export function resolveStaticPath(urlPath: string, appDir: string, dataDir: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const data = DATA_PATH.exec(path);
  if (data) {
    const segments = (data[1] as string).split('/');
    return isViewerId(segments[1]) ? join(dataDir, ...segments) : undefined;
  }
  if (/^\/(studies|pairs|volumes)\//.test(path)) return undefined;
  const relative = normalize(path).replace(/^[/\\]+/, '');
  if (relative.split(sep).includes('..')) return undefined;
  if (relative === '' || extname(relative) === '') return join(appDir, 'index.html');
  return join(appDir, relative);
}

async function handle(request: IncomingMessage, response: ServerResponse, options: StaticServerOptions) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const file = resolveStaticPath(request.url ?? '/', options.appDir, options.dataDir);
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || info === undefined || !info.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${request.url}\n`);
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
  });
  if (request.method === 'HEAD') response.end();
  // 1 MiB reads rather than 64 KiB: a tenth of the chunks for the 100 MB volumes (loopback is CPU-bound).
  else createReadStream(file, { highWaterMark: 1 << 20 }).pipe(response);
}

/** Starts the server; resolves once it listens. */
export function serveStatic(options: StaticServerOptions): Promise<StaticServer> {
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
