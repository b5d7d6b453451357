import type { Kysely, Selectable, Transaction } from 'kysely';
import { type ChangeContext, requireReason, withChange } from '../change.ts';
import { DbError } from '../errors.ts';
import type { DbSchema, PacsNodeTable } from '../schema.ts';
import { isSealed, openSecret, type SecretKey, sealSecret } from '../secret-box.ts';

/** How the server authenticates to a node's DICOMweb service; the secret itself is never in this. */
export type PacsAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string }
  | { readonly kind: 'bearer' };

/** A DIMSE peer: host, port, the node's AE title (called) and ours (calling). */
export interface PacsDimse {
  readonly host: string;
  readonly port: number;
  readonly calledAe: string;
  readonly callingAe: string;
}

/** A configured PACS node as everyone may see it: no secret, only whether one is set and when. */
export interface PacsNode {
  readonly nodeId: string;
  readonly name: string;
  readonly dicomWebUrl: string | undefined;
  readonly auth: PacsAuth;
  readonly secretSet: boolean;
  /** ISO instant the secret was last set or cleared. */
  readonly secretChangedAt: string | undefined;
  readonly dimse: PacsDimse | undefined;
  readonly active: boolean;
  readonly version: number;
}

/** What an admin enters for a node (everything but its secret). */
export interface PacsNodeInput {
  readonly name: string;
  readonly dicomWebUrl?: string | undefined;
  readonly auth: PacsAuth;
  readonly dimse?: PacsDimse | undefined;
  readonly active?: boolean | undefined;
}

function toNode(row: Selectable<PacsNodeTable>, secretSet: boolean): PacsNode {
  const auth: PacsAuth =
    row.auth_kind === 'basic'
      ? { kind: 'basic', username: row.auth_username ?? '' }
      : row.auth_kind === 'bearer'
        ? { kind: 'bearer' }
        : { kind: 'none' };
  return {
    nodeId: row.node_id,
    name: row.name,
    dicomWebUrl: row.dicomweb_url ?? undefined,
    auth,
    secretSet,
    secretChangedAt: row.secret_changed_at?.toISOString(),
    dimse:
      row.dimse_host === null || row.dimse_port === null
        ? undefined
        : {
            host: row.dimse_host,
            port: row.dimse_port,
            calledAe: row.called_ae ?? '',
            callingAe: row.calling_ae ?? '',
          },
    active: row.active,
    version: row.version,
  };
}

function columnsOf(input: PacsNodeInput) {
  if (input.dicomWebUrl === undefined && input.dimse === undefined) {
    throw new DbError('invalid-record', 'a PACS node needs a DICOMweb URL, a DIMSE peer, or both', {
      entity: 'pacs_node',
      field: 'dicomWebUrl',
    });
  }
  return {
    name: input.name,
    dicomweb_url: input.dicomWebUrl ?? null,
    auth_kind: input.auth.kind,
    auth_username: input.auth.kind === 'basic' ? input.auth.username : null,
    dimse_host: input.dimse?.host ?? null,
    dimse_port: input.dimse?.port ?? null,
    called_ae: input.dimse?.calledAe ?? null,
    calling_ae: input.dimse?.callingAe ?? null,
    ...(input.active === undefined ? {} : { active: input.active }),
  };
}

/** The additional authenticated data of a node's sealed secret: it opens for this node only. */
const secretContext = (nodeId: string): string => `pacs_node_secret:${nodeId}`;

async function writeSecret(
  trx: Transaction<DbSchema>,
  key: SecretKey,
  nodeId: string,
  secret: string | null,
): Promise<void> {
  await trx.deleteFrom('pacs_node_secret').where('node_id', '=', nodeId).execute();
  if (secret !== null)
    await trx
      .insertInto('pacs_node_secret')
      .values({ node_id: nodeId, secret: sealSecret(key, secret, secretContext(nodeId)) })
      .execute();
}

/**
 * Seals every node secret still stored as plain text (rows written before secrets were encrypted at
 * rest) with `key`; returns how many. The server calls it at start; running it again changes nothing.
 */
export async function sealPlaintextPacsSecrets(db: Kysely<DbSchema>, key: SecretKey): Promise<number> {
  const rows = await db.selectFrom('pacs_node_secret').selectAll().execute();
  let sealed = 0;
  for (const row of rows) {
    if (isSealed(row.secret)) continue;
    await db
      .updateTable('pacs_node_secret')
      .set({ secret: sealSecret(key, row.secret, secretContext(row.node_id)) })
      .where('node_id', '=', row.node_id)
      .where('secret', '=', row.secret)
      .execute();
    sealed++;
  }
  return sealed;
}

/** Every configured node, by id (no secrets). */
export async function listPacsNodes(db: Kysely<DbSchema>): Promise<readonly PacsNode[]> {
  const rows = await db.selectFrom('pacs_node').selectAll().orderBy('node_id').execute();
  const secrets = new Set(
    (await db.selectFrom('pacs_node_secret').select('node_id').execute()).map((s) => s.node_id),
  );
  return rows.map((r) => toNode(r, secrets.has(r.node_id)));
}

/** One node without its secret; undefined when there is none. */
export async function getPacsNode(db: Kysely<DbSchema>, nodeId: string): Promise<PacsNode | undefined> {
  const row = await db.selectFrom('pacs_node').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
  if (row === undefined) return undefined;
  const secret = await db
    .selectFrom('pacs_node_secret')
    .select('node_id')
    .where('node_id', '=', nodeId)
    .executeTakeFirst();
  return toNode(row, secret !== undefined);
}

/**
 * One node and its secret, decrypted with `key` (for the server's own calls to it; never sent to a
 * client). A secret sealed with another key is a `secret-key` error naming the node.
 */
export async function getPacsNodeWithSecret(
  db: Kysely<DbSchema>,
  nodeId: string,
  key: SecretKey,
): Promise<{ node: PacsNode; secret: string | undefined } | undefined> {
  const row = await db.selectFrom('pacs_node').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
  if (row === undefined) return undefined;
  const secret = await db
    .selectFrom('pacs_node_secret')
    .select('secret')
    .where('node_id', '=', nodeId)
    .executeTakeFirst();
  return {
    node: toNode(row, secret !== undefined),
    secret:
      secret === undefined
        ? undefined
        : openSecret(key, secret.secret, secretContext(nodeId), `the secret of PACS node '${nodeId}'`),
  };
}

/**
 * Adds a node (audited; the secret stored apart, unaudited, with `secret_changed_at` set). A node id
 * already taken is `duplicate`.
 */
export async function createPacsNode(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  nodeId: string,
  input: PacsNodeInput,
  secret: string | undefined,
  key: SecretKey,
): Promise<PacsNode> {
  await withChange(db, context, async (trx) => {
    const taken = await trx
      .selectFrom('pacs_node')
      .select('node_id')
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
    if (taken !== undefined) {
      throw new DbError('duplicate', `PACS node '${nodeId}' exists already`, {
        entity: 'pacs_node',
        field: 'nodeId',
      });
    }
    await trx
      .insertInto('pacs_node')
      .values({
        node_id: nodeId,
        ...columnsOf(input),
        secret_changed_at: secret === undefined ? null : new Date(),
      })
      .execute();
    if (secret !== undefined) await writeSecret(trx, key, nodeId, secret);
  });
  const created = await getPacsNode(db, nodeId);
  if (created === undefined) throw new DbError('not-found', `PACS node '${nodeId}' does not exist`);
  return created;
}

/**
 * Replaces a node's settings if it is still at `expectedVersion` (else `stale-version`); a reason is
 * required. `secret`: a string sets it, `null` clears it, `undefined` keeps it.
 */
export async function updatePacsNode(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  nodeId: string,
  expectedVersion: number,
  input: PacsNodeInput,
  secret: string | null | undefined,
  key: SecretKey,
): Promise<PacsNode> {
  requireReason(context, `PACS node ${nodeId}`);
  await withChange(db, context, async (trx) => {
    const current = await trx
      .selectFrom('pacs_node')
      .selectAll()
      .where('node_id', '=', nodeId)
      .forUpdate()
      .executeTakeFirst();
    if (current === undefined)
      throw new DbError('not-found', `PACS node '${nodeId}' does not exist`, { entity: 'pacs_node' });
    if (current.version !== expectedVersion) {
      throw new DbError(
        'stale-version',
        `PACS node '${nodeId}' was changed meanwhile (now version ${current.version}, you edited version ${expectedVersion}); reload it and apply your change again`,
        { entity: 'pacs_node', field: 'version' },
      );
    }
    await trx
      .updateTable('pacs_node')
      .set({
        ...columnsOf(input),
        version: expectedVersion + 1,
        ...(secret === undefined ? {} : { secret_changed_at: new Date() }),
      })
      .where('node_id', '=', nodeId)
      .execute();
    if (secret !== undefined) await writeSecret(trx, key, nodeId, secret);
  });
  const updated = await getPacsNode(db, nodeId);
  if (updated === undefined) throw new DbError('not-found', `PACS node '${nodeId}' does not exist`);
  return updated;
}
