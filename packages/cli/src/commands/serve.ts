import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@cxcr4pet/store';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { numberOption, parseCommandLine } from '../options.ts';

const USAGE = `usage: cxcr4pet serve [--port N] [--host H] [--data <dir>] [--web <dir>] [--no-worker]

Runs the study server (HTTP API under /api, OpenAPI document at /api/openapi.json, and the web
app at /) until interrupted (Ctrl-C). The database is embedded PGlite in <dir>/db by default; with DATABASE_URL
set it is that PostgreSQL server. Add the first site and admin with 'cxcr4pet site add' and
'cxcr4pet user add'. DICOM uploads are stored under <dir>/dicom; queued jobs (imports, analyses)
run in this process unless --no-worker (then 'cxcr4pet worker' processes run them, with
DATABASE_URL). The embedded database is locked to this process: run 'worker', 'import' or
'export' on the same folder only while the server is stopped.

options:
  --port N      TCP port (default 8080; 0 picks a free one)
  --host H      address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>  data folder (default ./cxcr4pet-data)
  --web <dir>   the built web app (default packages/web/dist when it exists;
                'npm run build -w @cxcr4pet/web' makes it)
  --secure-cookies   send the session cookie with Secure (when served behind HTTPS)
  --no-worker   do not run queued jobs in this process (separate 'cxcr4pet worker' processes do)
`;

/**
 * The data folder and database of the server commands (`serve`, `user`, `site`), opened as the store
 * commands open it (`openStore`): the embedded database is locked to this process, so `serve` and
 * `import`/`worker`/`export` never open one PGlite folder at once.
 */
export async function openServerDb(data: string | undefined) {
  const { defaultDataDir, openStore } = await import('@cxcr4pet/store');
  const store = await openStore(data ?? defaultDataDir());
  const location = store.db.location;
  const where =
    location.kind === 'pglite'
      ? `PGlite in ${location.dataDir ?? '(memory)'}`
      : `PostgreSQL at ${new URL(location.connectionString).host}`;
  return { db: { close: () => store.close(), kysely: store.db.kysely }, store, where };
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

/** Where a store's database is, for the first line `serve` prints. */
function whereOf(store: Store): string {
  const location = store.db.location;
  return location.kind === 'pglite'
    ? `PGlite in ${location.dataDir ?? '(memory)'}`
    : `PostgreSQL at ${new URL(location.connectionString).host}`;
}

/**
 * Serves an open store (API, web app when built, and — unless `worker` is false — the worker running
 * queued jobs in this process) until the context's signal aborts or SIGINT/SIGTERM; prints the
 * addresses and each job it ran. The caller opens and closes the store (`serve`, `demo`).
 */
export async function serveStudy(
  store: Store,
  options: {
    readonly port: number;
    readonly host: string;
    readonly web?: string | undefined;
    readonly secureCookies?: boolean;
    readonly worker?: boolean;
  },
  context: CommandContext,
): Promise<void> {
  const { port, host } = options;
  const webRoot = await webRootOf(options.web);
  const { buildApp, WEB_APP_EXTENSIONS } = await import('@cxcr4pet/server');
  const { runWorker } = await import('@cxcr4pet/store');
  const { WORKER_HANDLERS } = await import('./store/worker.ts');
  const { parseAnalyzeOptions } = await import('./analyze/analyze-options.ts');
  const db = store.db;
  const stopWorker = new AbortController();
  let worker: Promise<unknown> = Promise.resolve();
  try {
    // PGlite runs without autovacuum: refresh the planner's statistics once at start.
    if (db.location.kind === 'pglite') {
      const { refreshPlannerStatistics } = await import('@cxcr4pet/db');
      await refreshPlannerStatistics(db);
    }
    const app = await buildApp({
      db,
      store,
      // A queued analysis's options are checked as `cxcr4pet analyze` checks them.
      checkAnalyseArguments: (args) => void parseAnalyzeOptions(['(stored series)', ...args]),
      config: { secureCookies: options.secureCookies === true },
      extensions: WEB_APP_EXTENSIONS,
      ...(webRoot === undefined ? {} : { webRoot }),
    });
    const stopped = untilStopped(context);
    if (options.worker !== false) {
      worker = runWorker(store, WORKER_HANDLERS, {
        signal: stopWorker.signal,
        onJobDone: (job) =>
          context.stdout(
            `job ${job.jobId} ${job.kind} ${job.state}${job.error === null ? '' : `: ${job.error}`}\n`,
          ),
      });
    }
    try {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address !== null ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      context.stdout(
        `cxcr4pet server listening on http://${shownHost}:${actualPort}/api (${whereOf(store)})\n`,
      );
      context.stdout(
        webRoot === undefined
          ? 'no web app: build it with npm run build -w @cxcr4pet/web, or pass --web <dir>\n'
          : `web app at http://${shownHost}:${actualPort}/ (${webRoot})\n`,
      );
      await stopped;
    } finally {
      stopWorker.abort();
      await worker;
      await app.close();
    }
  } finally {
    stopWorker.abort();
    await worker.catch(() => undefined);
  }
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
        'no-worker': { type: 'boolean' },
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
    const { store } = await openServerDb(values.data);
    try {
      await serveStudy(
        store,
        {
          port,
          host,
          web: values.web,
          secureCookies: values['secure-cookies'] === true,
          worker: values['no-worker'] !== true,
        },
        context,
      );
    } finally {
      await store.close();
    }
    context.stdout('cxcr4pet server stopped\n');
    return 0;
  },
};
