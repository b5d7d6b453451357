import {
  clearLoginFailures,
  createSite,
  createUser,
  deleteSessionsOf,
  getLockState,
  listSites,
  listUsers,
  ROLES,
  searchAudit,
  setLock,
  updateUser,
} from '@cxcr4pet/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import type { ServerContext } from '../context.ts';
import { auditSiteScoped, sitesSiteScoped } from '../policy.ts';
import { presentAuditEntry } from '../visibility.ts';
import { pageQuery, reasonField, stripUndefined, versionField } from './common.ts';

const idSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)');
const userIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits, . _ @ - (at most 64)');
const roleSchema = z.enum(ROLES as ['admin', ...(typeof ROLES)[number][]]);
const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(1024);

/** Sites, users, the audit trail and the data lock: the admin's (and, for the audit, the monitor's) endpoints. */
export function adminRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.db.kysely;
  return async (app) => {
    app.get(
      '/sites',
      {
        schema: { tags: ['admin'], summary: 'Sites (an admin sees all, others their own)' },
        config: { operation: 'sites.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const sites = await listSites(db);
        return {
          sites: sitesSiteScoped(user.role) ? sites.filter((s) => user.siteIds.includes(s.siteId)) : sites,
        };
      },
    );

    app.post(
      '/sites',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a site',
          body: z.object({ siteId: idSchema, name: z.string().trim().min(1).max(200) }),
        },
        config: { operation: 'sites.create' },
      },
      async (request, reply) => {
        const site = await createSite(db, { actor: accessOf(request).user.userId }, request.body);
        return reply.code(201).send(site);
      },
    );

    app.get(
      '/users',
      { schema: { tags: ['admin'], summary: 'Every user' }, config: { operation: 'users.list' } },
      async () => ({
        users: await listUsers(db),
      }),
    );

    app.post(
      '/users',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a user (argon2id-hashed password)',
          body: z.object({
            userId: userIdSchema,
            displayName: z.string().trim().min(1).max(200),
            role: roleSchema,
            siteIds: z.array(idSchema).max(100),
            password: passwordSchema,
          }),
        },
        config: { operation: 'users.create' },
      },
      async (request, reply) => {
        const { password, ...user } = request.body;
        const created = await createUser(
          db,
          { actor: accessOf(request).user.userId },
          {
            ...user,
            passwordHash: await hashPassword(password),
          },
        );
        return reply.code(201).send(created);
      },
    );

    app.patch(
      '/users/:userId',
      {
        schema: {
          tags: ['admin'],
          summary: 'Change a user: name, role, sites, active, password, or lift a lockout',
          params: z.object({ userId: userIdSchema }),
          body: z.object({
            version: versionField,
            reason: reasonField,
            displayName: z.string().trim().min(1).max(200).optional(),
            role: roleSchema.optional(),
            siteIds: z.array(idSchema).max(100).optional(),
            active: z.boolean().optional(),
            password: passwordSchema.optional(),
            unlock: z.boolean().optional(),
          }),
        },
        config: { operation: 'users.update' },
      },
      async (request) => {
        const { version, reason, password, unlock, ...change } = request.body;
        const { userId } = request.params;
        const updated = await updateUser(
          db,
          { actor: accessOf(request).user.userId, reason },
          userId,
          version,
          {
            ...stripUndefined(change),
            ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }),
          },
        );
        if (unlock === true || password !== undefined) await clearLoginFailures(db, userId);
        // A changed role, site list, password or deactivation takes effect now: end the user's sessions.
        if (
          change.role !== undefined ||
          change.siteIds !== undefined ||
          change.active === false ||
          password !== undefined
        ) {
          await deleteSessionsOf(db, userId, context.now());
          context.sessions.forgetUser(userId);
        }
        return updated;
      },
    );

    app.get(
      '/audit',
      {
        schema: {
          tags: ['admin'],
          summary: 'The audit trail, newest first (monitors: their sites’ participants only)',
          querystring: pageQuery.extend({
            participantId: z.string().trim().min(1).max(64).optional(),
            entity: z.string().trim().min(1).max(64).optional(),
            entityId: z.string().trim().min(1).max(64).optional(),
            actor: z.string().trim().min(1).max(64).optional(),
            action: z.enum(['create', 'update', 'delete']).optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
          }),
        },
        config: { operation: 'audit.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const result = await searchAudit(db, {
          ...stripUndefined(request.query),
          ...(auditSiteScoped(user.role) ? { siteIds: user.siteIds } : {}),
        });
        return { total: result.total, entries: result.entries.map((e) => presentAuditEntry(e, user.role)) };
      },
    );

    app.get(
      '/lock',
      {
        schema: { tags: ['admin'], summary: 'Whether the study data are locked' },
        config: { operation: 'lock.read' },
      },
      async () => getLockState(db),
    );

    app.post(
      '/lock',
      {
        schema: {
          tags: ['admin'],
          summary: 'Lock or unlock the study data (refused while a data query is not closed)',
          body: z.object({ locked: z.boolean(), reason: reasonField }),
        },
        config: { operation: 'lock.set' },
      },
      async (request) =>
        setLock(
          db,
          { actor: accessOf(request).user.userId, reason: request.body.reason },
          request.body.locked,
        ),
    );
  };
}
