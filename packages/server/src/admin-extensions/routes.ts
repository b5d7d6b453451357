import {
  createPacsNode,
  getPacsNodeWithSecret,
  listPacsNodes,
  type PacsNodeInput,
  updatePacsNode,
  verifyAuditChain,
} from '@cxcr4pet/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import type { ServerExtension } from '../app.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { reasonField, versionField } from '../routes/common.ts';
import { testConnection } from './connection-test.ts';

const nodeIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)');
/** An AE title: 1–16 printable ASCII characters (PS3.5 §6.2, AE), not only spaces. */
const aeSchema = z
  .string()
  .regex(/^[ -~]{1,16}$/, '1–16 printable ASCII characters')
  .refine((s) => s.trim() !== '', 'not only spaces');
const urlSchema = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'no credentials in the URL: use the authentication fields');
const nodeBody = z.object({
  name: z.string().trim().min(1).max(200),
  dicomWebUrl: urlSchema.optional(),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('basic'), username: z.string().trim().min(1).max(200) }),
    z.object({ kind: z.literal('bearer') }),
  ]),
  dimse: z
    .object({
      host: z.string().trim().min(1).max(253),
      port: z.number().int().min(1).max(65535),
      calledAe: aeSchema,
      callingAe: aeSchema,
    })
    .optional(),
  active: z.boolean().optional(),
});
const secretField = z.string().min(1).max(4096);

function inputOf(body: z.infer<typeof nodeBody>): PacsNodeInput {
  if (body.dicomWebUrl === undefined && body.dimse === undefined) {
    throw new ApiError(
      400,
      'invalid-request',
      "body field 'dicomWebUrl': give a DICOMweb URL, a DIMSE peer, or both",
      'dicomWebUrl',
    );
  }
  return body;
}

/** PACS nodes (admin): list, add, change, test; secrets are written, never read back. */
function pacsNodeRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.db.kysely;
  return async (app) => {
    app.get(
      '/pacs-nodes',
      {
        schema: { tags: ['pacs'], summary: 'Configured PACS nodes (secrets never included)' },
        config: { operation: 'pacs.list' },
      },
      async () => ({ nodes: await listPacsNodes(db) }),
    );
    app.post(
      '/pacs-nodes',
      {
        schema: {
          tags: ['pacs'],
          summary: 'Add a PACS node (DICOMweb root and/or DIMSE peer); the secret is stored apart, unaudited',
          body: nodeBody.extend({ nodeId: nodeIdSchema, secret: secretField.optional() }),
        },
        config: { operation: 'pacs.create' },
      },
      async (request, reply) => {
        const { nodeId, secret, ...rest } = request.body;
        const node = await createPacsNode(
          db,
          { actor: accessOf(request).user.userId },
          nodeId,
          inputOf(rest),
          secret,
          context.secretKey,
        );
        return reply.code(201).send(node);
      },
    );
    app.put(
      '/pacs-nodes/:nodeId',
      {
        schema: {
          tags: ['pacs'],
          summary: 'Change a PACS node (all settings; secret: a new one, null to clear, absent to keep)',
          params: z.object({ nodeId: nodeIdSchema }),
          body: nodeBody.extend({
            version: versionField,
            reason: reasonField,
            secret: secretField.nullable().optional(),
          }),
        },
        config: { operation: 'pacs.update' },
      },
      async (request) => {
        const { version, reason, secret, ...rest } = request.body;
        return updatePacsNode(
          db,
          { actor: accessOf(request).user.userId, reason },
          request.params.nodeId,
          version,
          inputOf(rest),
          secret,
          context.secretKey,
        );
      },
    );
    app.post(
      '/pacs-nodes/:nodeId/test',
      {
        schema: {
          tags: ['pacs'],
          summary: 'Test the connection: a QIDO-RS search (DICOMweb) and a C-ECHO (DIMSE)',
          params: z.object({ nodeId: nodeIdSchema }),
        },
        config: { operation: 'pacs.test' },
      },
      async (request) => {
        const found = await getPacsNodeWithSecret(db, request.params.nodeId, context.secretKey);
        if (found === undefined) {
          throw new ApiError(404, 'not-found', `PACS node '${request.params.nodeId}' does not exist`);
        }
        const checks = await testConnection(found.node, found.secret);
        // Never let a secret through, even if a peer echoed it back in an error text.
        const clean = (text: string) =>
          found.secret === undefined || found.secret === ''
            ? text
            : text.replaceAll(found.secret, '[secret]');
        return {
          nodeId: found.node.nodeId,
          ok: checks.every((c) => c.ok),
          checks: checks.map((c) => ({ ...c, message: clean(c.message) })),
        };
      },
    );
  };
}

/** `GET /api/audit/verify`: the whole audit trail's hash chain checked (`verifyAuditChain`). */
function auditVerifyRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Verify the audit trail: sequence without gaps, each link and each entry’s hash recomputed',
        },
        config: { operation: 'audit.verify' },
      },
      async () => ({
        ...(await verifyAuditChain(context.db.kysely)),
        checkedAt: context.now().toISOString(),
      }),
    );
  };
}

export const pacsNodesExtension: ServerExtension = {
  name: 'pacs-nodes',
  policies: {
    'pacs.list': { roles: ['admin'], scope: 'global' },
    'pacs.create': { roles: ['admin'], scope: 'global' },
    'pacs.update': { roles: ['admin'], scope: 'global' },
    'pacs.test': { roles: ['admin'], scope: 'global' },
  },
  routes: pacsNodeRoutes,
};

export const auditVerifyExtension: ServerExtension = {
  name: 'audit-verify',
  policies: { 'audit.verify': { roles: ['admin', 'monitor'], scope: 'global' } },
  routes: auditVerifyRoutes,
};
