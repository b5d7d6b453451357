import type { Kysely } from 'kysely';
import { type ChangeContext, requireReason, withChange } from '../change.ts';
import { DbError } from '../errors.ts';
import type { DbSchema } from '../schema.ts';

/** A study site (centre); participants and users belong to sites. */
export interface Site {
  readonly siteId: string;
  readonly name: string;
}

/** The closed set of roles of issue 5; authorisation rules live in the server room. */
export type Role = 'admin' | 'investigator' | 'coordinator' | 'reader' | 'statistician' | 'monitor';

export const ROLES: readonly Role[] = [
  'admin',
  'investigator',
  'coordinator',
  'reader',
  'statistician',
  'monitor',
];

/** A user with one role and the sites whose participants they may see. */
export interface User {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly siteIds: readonly string[];
  readonly active: boolean;
  readonly version: number;
}

/** Adds a site (audited as `create`). */
export async function createSite(db: Kysely<DbSchema>, context: ChangeContext, site: Site): Promise<Site> {
  await withChange(db, context, (trx) =>
    trx.insertInto('site').values({ site_id: site.siteId, name: site.name }).execute(),
  );
  return site;
}

/**
 * Adds a user and their site memberships in one transaction: an unknown site leaves no user behind.
 * `passwordHash` (argon2id, made by the server room) may be absent until a password is set.
 */
export async function createUser(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  user: {
    readonly userId: string;
    readonly displayName: string;
    readonly role: Role;
    readonly siteIds: readonly string[];
    readonly passwordHash?: string;
  },
): Promise<User> {
  await withChange(db, context, async (trx) => {
    await trx
      .insertInto('app_user')
      .values({
        user_id: user.userId,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash ?? null,
      })
      .execute();
    for (const siteId of user.siteIds) {
      await trx.insertInto('user_site').values({ user_id: user.userId, site_id: siteId }).execute();
    }
  });
  return {
    userId: user.userId,
    displayName: user.displayName,
    role: user.role,
    siteIds: [...user.siteIds],
    active: true,
    version: 1,
  };
}

export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/** One user with their sites, or `undefined`. */
export async function getUser(db: Kysely<DbSchema>, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (row === undefined || !isRole(row.role)) return undefined;
  const sites = await db
    .selectFrom('user_site')
    .select('site_id')
    .where('user_id', '=', userId)
    .orderBy('site_id')
    .execute();
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    siteIds: sites.map((s) => s.site_id),
    active: row.active,
    version: row.version,
  };
}

/** Every site, by id. */
export async function listSites(db: Kysely<DbSchema>): Promise<readonly Site[]> {
  const rows = await db.selectFrom('site').select(['site_id', 'name']).orderBy('site_id').execute();
  return rows.map((r) => ({ siteId: r.site_id, name: r.name }));
}

/** Every user with their sites, by id. */
export async function listUsers(db: Kysely<DbSchema>): Promise<readonly User[]> {
  const users = await db.selectFrom('app_user').selectAll().orderBy('user_id').execute();
  const memberships = await db.selectFrom('user_site').selectAll().orderBy('site_id').execute();
  return users.flatMap((u) =>
    isRole(u.role)
      ? [
          {
            userId: u.user_id,
            displayName: u.display_name,
            role: u.role,
            siteIds: memberships.filter((m) => m.user_id === u.user_id).map((m) => m.site_id),
            active: u.active,
            version: u.version,
          },
        ]
      : [],
  );
}

/** What an admin may change of a user; absent fields stay. */
export interface UserChange {
  readonly displayName?: string;
  readonly role?: Role;
  readonly siteIds?: readonly string[];
  readonly active?: boolean;
  readonly passwordHash?: string;
}

/**
 * Changes a user at `expectedVersion` (optimistic concurrency, as records) with a reason, in one
 * audited transaction: the row (version + 1) and, when given, the whole set of site memberships.
 */
export async function updateUser(
  db: Kysely<DbSchema>,
  context: ChangeContext,
  userId: string,
  expectedVersion: number,
  change: UserChange,
): Promise<User> {
  requireReason(context, `user ${userId}`);
  await withChange(db, context, async (trx) => {
    const current = await trx
      .selectFrom('app_user')
      .selectAll()
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (current === undefined)
      throw new DbError('not-found', `user '${userId}' does not exist`, { entity: 'app_user' });
    if (current.version !== expectedVersion) {
      throw new DbError(
        'stale-version',
        `user '${userId}' was changed meanwhile (now version ${current.version}, you edited version ${expectedVersion}); reload it and apply your change again`,
        { entity: 'app_user', field: 'version' },
      );
    }
    await trx
      .updateTable('app_user')
      .set({
        version: expectedVersion + 1,
        ...(change.displayName === undefined ? {} : { display_name: change.displayName }),
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.active === undefined ? {} : { active: change.active }),
        ...(change.passwordHash === undefined ? {} : { password_hash: change.passwordHash }),
      })
      .where('user_id', '=', userId)
      .execute();
    if (change.siteIds !== undefined) {
      const wanted = new Set(change.siteIds);
      const have = await trx
        .selectFrom('user_site')
        .select('site_id')
        .where('user_id', '=', userId)
        .execute();
      const gone = have.map((h) => h.site_id).filter((s) => !wanted.has(s));
      if (gone.length > 0)
        await trx
          .deleteFrom('user_site')
          .where('user_id', '=', userId)
          .where('site_id', 'in', gone)
          .execute();
      for (const siteId of wanted) {
        if (!have.some((h) => h.site_id === siteId))
          await trx.insertInto('user_site').values({ user_id: userId, site_id: siteId }).execute();
      }
    }
  });
  const user = await getUser(db, userId);
  if (user === undefined)
    throw new DbError('not-found', `user '${userId}' does not exist`, { entity: 'app_user' });
  return user;
}
