import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import {
  type AuthChangeListener,
  listenForAuthChanges,
  type SecretKey,
  type StudyDb,
  sealPlaintextPacsSecrets,
} from '@cxcr4pet/db';
import { dateShiftDaysOf, loadSecretKey, type PseudonymKey, pseudonymKey, type Store } from '@cxcr4pet/store';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  type FastifyPluginAsyncZod,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authRoutes } from './auth/routes.ts';
import { SessionCache } from './auth/session-cache.ts';
import { makeAuthorize } from './authorize.ts';
import {
  type AnalyseArgumentsCheck,
  defaultConfig,
  type ServerConfig,
  type ServerContext,
} from './context.ts';
import { errorHandler } from './error-handler.ts';
import { ApiError } from './errors.ts';
import { pacsImportRoutes } from './pacs-import/routes.ts';
import { POLICY, type Rule } from './policy.ts';
import { adminRoutes } from './routes/admin.ts';
import { exportRoutes } from './routes/exports.ts';
import { imagingRoutes, UPLOAD_OPENAPI } from './routes/imaging.ts';
import { jobRoutes } from './routes/jobs.ts';
import { participantRoutes } from './routes/participants.ts';
import { queryRoutes } from './routes/queries.ts';
import { recordRoutes } from './routes/records.ts';

/**
 * A seam for other rooms' endpoints (DICOM upload and import, analysis jobs, exports): routes
 * registered under `/api` with their own policy entries, authorised by the same hook as the rest.
 */
export interface ServerExtension {
  readonly name: string;
  readonly policies: Readonly<Record<string, Rule>>;
  readonly routes: (context: ServerContext) => FastifyPluginAsyncZod;
}

export interface AppOptions {
  readonly db: StudyDb;
  readonly config?: Partial<ServerConfig>;
  /** The clock (tests move it to expire lockouts and sessions). */
  readonly now?: () => Date;
  readonly extensions?: readonly ServerExtension[];
  /**
   * The data folder (DICOM files, job queue) opened with `openStore`; its database must be `db`.
   * Without it the imaging and job routes are absent.
   */
  readonly store?: Store;
  /** Checks an analysis's options when it is queued (the CLI passes `analyze`'s parser). */
  readonly checkAnalyseArguments?: AnalyseArgumentsCheck;
  /** Fastify's logger option (off by default; `serve` turns it on). */
  readonly logger?: boolean;
  /**
   * The built web app (`packages/web/dist`): served beside `/api`, with `index.html` for any other
   * GET path without a file extension (the app's client-side routes). Absent: API only.
   */
  readonly webRoot?: string;
  /**
   * The key sealing secrets in the database (PACS node passwords); default `loadSecretKey` of the
   * store's data folder (`CXCR4PET_SECRET_KEY` or `<data>/secret.key`), without a store one for this run.
   */
  readonly secretKey?: SecretKey;
}

export type App = FastifyInstance;

/**
 * Builds the HTTP API (not listening: tests call `app.inject`, `serve` calls `app.listen`). Every
 * route lives under `/api`, validates its input with zod, names an operation of the policy table,
 * and goes through one authorise hook and one error handler.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const config: ServerConfig = { ...defaultConfig, ...options.config };
  // The pseudonymised export's key (`<data>/pseudonym.key`), so that statisticians see the same shifted
  // dates through the API as in an export. Without a store (tests of other rooms) a key for this run.
  const key: PseudonymKey =
    options.store === undefined ? { secret: randomBytes(32) } : await pseudonymKey(options.store.dataDir);
  const secretKey: SecretKey =
    options.secretKey ??
    (options.store === undefined
      ? { bytes: randomBytes(32), source: 'a key made for this run (no data folder)' }
      : await loadSecretKey(options.store.dataDir));
  // Rows written before secrets were sealed are sealed now (idempotent).
  await sealPlaintextPacsSecrets(options.db.kysely, secretKey);
  // Sessions are cached in memory; on PostgreSQL only while this process hears every change to users,
  // their sites and sessions (NOTIFY from the database, whichever process made the change).
  const sessions = new SessionCache(config.sessionCacheMs ?? 30_000, {
    active: options.db.location.kind === 'pglite',
  });
  const context: ServerContext = {
    db: options.db,
    config,
    now: options.now ?? (() => new Date()),
    sessions,
    store: options.store,
    checkAnalyseArguments: options.checkAnalyseArguments,
    dateShiftDays: (participantId) => dateShiftDaysOf(key, participantId),
    secretKey,
  };
  if (options.store !== undefined && options.store.db !== options.db)
    throw new Error('buildApp: store.db must be the db the app is given');
  const policies: Record<string, Rule> = { ...POLICY };
  for (const extension of options.extensions ?? []) {
    for (const [operation, rule] of Object.entries(extension.policies)) {
      if (Object.hasOwn(policies, operation)) {
        throw new Error(
          `extension ${extension.name}: operation '${operation}' is already in the policy table`,
        );
      }
      policies[operation] = rule;
    }
  }

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: config.bodyLimitBytes });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  const webRoot = options.webRoot === undefined ? undefined : resolve(options.webRoot);
  if (webRoot !== undefined) await app.register(fastifyStatic, { root: webRoot, serve: false });
  app.setNotFoundHandler(async (request, reply) => {
    const file = webRoot === undefined ? undefined : await webFile(webRoot, request.method, request.url);
    if (file !== undefined) return reply.header('cache-control', 'no-cache').sendFile(file);
    return reply
      .code(404)
      .send({ code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.decorateRequest('access', null);
  app.addHook('onRoute', (route) => {
    const operation = route.config?.operation;
    if (operation === undefined || !Object.hasOwn(policies, operation)) {
      throw new Error(`route ${route.method} ${route.url} names no operation of the policy table`);
    }
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) =>
      new ApiError(
        429,
        'rate-limited',
        `too many sign-in attempts from this address; try again in ${limit.after}`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cxcr4pet study API',
        version: '0.1.0',
        description:
          'Participants, study records, eligibility, risk scores, data queries, audit trail, users and sites ' +
          'of NCT04504526. Sign in with POST /api/auth/login; send the CSRF token it returns as X-CSRF-Token ' +
          'on every state-changing request. Errors are { code, message, field? }.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cxcr4pet_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => {
      const spec = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
      const upload = (spec.paths as Record<string, { post?: Record<string, unknown> }> | undefined)?.[
        UPLOAD_OPENAPI.path
      ]?.post;
      if (upload !== undefined) upload.requestBody = UPLOAD_OPENAPI.requestBody;
      return spec;
    },
  });
  const authorize = makeAuthorize({
    db: options.db,
    dateShiftDays: context.dateShiftDays,
    policies,
    sessionIdleMs: config.sessionIdleMs,
    now: context.now,
    sessions: context.sessions,
  });
  app.addHook('preHandler', authorize);

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      typed.get('/health', { schema: { hide: true }, config: { operation: 'health' } }, async () => ({
        ok: true,
      }));
      typed.get('/openapi.json', { schema: { hide: true }, config: { operation: 'openapi' } }, async () =>
        app.swagger(),
      );
      await api.register(authRoutes(context));
      await api.register(adminRoutes(context));
      await api.register(participantRoutes(context));
      await api.register(recordRoutes(context));
      await api.register(queryRoutes(context));
      if (options.store !== undefined) {
        await api.register(imagingRoutes(context));
        await api.register(jobRoutes(context));
        await api.register(exportRoutes(context));
        await api.register(pacsImportRoutes(context));
      }
      for (const extension of options.extensions ?? []) await api.register(extension.routes(context));
    },
    { prefix: '/api' },
  );
  let authChanges: AuthChangeListener | undefined;
  app.addHook('onClose', async () => authChanges?.close());
  await app.ready();
  // Started last, once nothing can fail; stopped when the app closes.
  authChanges = listenForAuthChanges(options.db.location, {
    changed: (userId) => sessions.forgetUser(userId),
    listening: () => sessions.resume(),
    lost: () => sessions.suspend(),
  });
  return app;
}

/**
 * The web app's file a GET or HEAD outside `/api` names (relative to `root`): the file itself when it
 * exists, `index.html` for extension-less paths (client-side routes); undefined otherwise (404).
 * Checked here rather than left to `sendFile`, whose missing-file path would call this handler again.
 */
async function webFile(root: string, method: string, url: string): Promise<string | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (path === '/api' || path.startsWith('/api/')) return undefined;
  const full = resolve(root, `.${path}`);
  if (full !== root && !full.startsWith(`${root}${sep}`)) return undefined;
  const relative = full.slice(root.length + 1);
  if (relative === '' || extname(relative) === '') return 'index.html';
  const info = await stat(full).catch(() => undefined);
  return info?.isFile() === true ? relative : undefined;
}
