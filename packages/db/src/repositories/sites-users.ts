import type { Kysely } from 'kysely';
import { type ChangeContext, withChange } from '../change.ts';
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

function isRole(role: string): role is Role {
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
