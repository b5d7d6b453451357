import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { numberOption, parseCommandLine } from '../options.ts';

const USAGE = `usage: cxcr4pet serve [--port N] [--host H] [--data <dir>] [--web <dir>]

Runs the study server (HTTP API under /api, OpenAPI document at /api/openapi.json, and the web
app at /) until interrupted (Ctrl-C). The database is embedded PGlite in <dir>/db by default; with DATABASE_URL
set it is that PostgreSQL server. Add the first site and admin with 'cxcr4pet site add' and
'cxcr4pet user add'.

options:
  --port N      TCP port (default 8080; 0 picks a free one)
  --host H      address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>  data folder (default ./cxcr4pet-data)
  --web <dir>   the built web app (default packages/web/dist when it exists;
                'npm run build -w @cxcr4pet/web' makes it)
  --secure-cookies   send the session cookie with Secure (when served behind HTTPS)
`;

/** The data folder and database of the server commands (`serve`, `user`, `site`). */
export async function openServerDb(data: string | undefined) {
  const { locationFromEnv, openStudyDb } = await import('@cxcr4pet/db');
  const dataDir = resolve(data ?? 'cxcr4pet-data');
  const location = locationFromEnv(process.env, dataDir);
  if (location.kind === 'pglite') await mkdir(dataDir, { recursive: true });
  const db = await openStudyDb(location);
  const where =
    location.kind === 'pglite'
      ? `PGlite in ${location.dataDir ?? '(memory)'}`
      : `PostgreSQL at ${new URL(location.connectionString).host}`;
  return { db, where };
}

/** The built web app's folder: `--web` (must hold index.html), else the repository's build if there is one. */
async function webRootOf(web: string | undefined): Promise<string | undefined> {
  const dir = web === undefined ? fileURLToPath(new URL('../../../web/dist', import.meta.url)) : resolve(web);
  const hasIndex = await stat(join(dir, 'index.html')).then(
    (info) => info.isFile(),
    () => false,
  );
  if (hasIndex) return dir;
  if (web !== undefined) throw new UsageError(`--web '${web}': no index.html in ${dir}`);
  return undefined;
}

/** Resolves when the context's signal aborts, or on SIGINT/SIGTERM. */
function untilStopped(context: CommandContext): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    context.signal?.addEventListener('abort', stop, { once: true });
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the study server (HTTP API, embedded PGlite or DATABASE_URL)',
  usage: USAGE,
  async run(context) {
    const { values, positionals } = parseCommandLine({
      args: [...context.argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        web: { type: 'string' },
        'secure-cookies': { type: 'boolean' },
      },
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port =
      numberOption(
        values.port,
        'port',
        (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
        'a port 0-65535',
      ) ?? 8080;
    const host = values.host ?? '127.0.0.1';
    const webRoot = await webRootOf(values.web);
    const { buildApp, WEB_APP_EXTENSIONS } = await import('@cxcr4pet/server');
    const { db, where } = await openServerDb(values.data);
    try {
      // PGlite runs without autovacuum: refresh the planner's statistics once at start.
      if (db.location.kind === 'pglite') {
        const { refreshPlannerStatistics } = await import('@cxcr4pet/db');
        await refreshPlannerStatistics(db);
      }
      const app = await buildApp({
        db,
        config: { secureCookies: values['secure-cookies'] === true },
        extensions: WEB_APP_EXTENSIONS,
        ...(webRoot === undefined ? {} : { webRoot }),
      });
      const stopped = untilStopped(context);
      try {
        await app.listen({ port, host });
        const address = app.server.address();
        const actualPort = typeof address === 'object' && address !== null ? address.port : port;
        const shownHost = host.includes(':') ? `[${host}]` : host;
        context.stdout(`cxcr4pet server listening on http://${shownHost}:${actualPort}/api (${where})\n`);
        context.stdout(
          webRoot === undefined
            ? 'no web app: build it with npm run build -w @cxcr4pet/web, or pass --web <dir>\n'
            : `web app at http://${shownHost}:${actualPort}/ (${webRoot})\n`,
        );
        await stopped;
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
    context.stdout('cxcr4pet server stopped\n');
    return 0;
  },
};
