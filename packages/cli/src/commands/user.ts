import { userInfo } from 'node:os';
import { type Command, type CommandContext, UsageError } from '../command.ts';
import { parseCommandLine } from '../options.ts';
import { openServerDb } from './serve.ts';

const USER_USAGE = `usage: cxcr4pet user add --username U --role R --site S [--site S2 …] [--name "Full name"] [--data <dir>]

Adds a user of the study server. The password is read from standard input (its first line), so
that it appears neither in the shell history nor in the process list:
  printf '%s\\n' "$PASSWORD" | npx cxcr4pet user add --username alice --role admin --site CENTRE-1

roles: admin, investigator, coordinator, reader, statistician, monitor. The sites must exist
('cxcr4pet site add'). --data and DATABASE_URL choose the database as for 'cxcr4pet serve'.
`;

const SITE_USAGE = `usage: cxcr4pet site add --site S --name "Site name" [--data <dir>]

Adds a study site (centre). --data and DATABASE_URL choose the database as for 'cxcr4pet serve'.
`;

/** Who the command-line changes are audited as: `cli:<operating-system user>`. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function subcommand(context: CommandContext, usage: string): readonly string[] {
  const [verb, ...rest] = context.argv;
  if (verb !== 'add')
    throw new UsageError(verb === undefined ? 'missing sub-command: add' : `unknown sub-command '${verb}'`);
  if (rest.length === 0) throw new UsageError(usage.split('\n')[0] ?? 'missing options');
  return rest;
}

export const userCommand: Command = {
  name: 'user',
  summary: 'add a user of the study server (password from standard input)',
  usage: USER_USAGE,
  async run(context) {
    const { values } = parseCommandLine({
      args: [...subcommand(context, USER_USAGE)],
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        site: { type: 'string', multiple: true },
        name: { type: 'string' },
        data: { type: 'string' },
      },
    });
    const { createUser, isRole, listSites, ROLES } = await import('@cxcr4pet/db');
    const { hashPassword, MIN_PASSWORD_LENGTH } = await import('@cxcr4pet/server');
    const username = values.username?.trim() ?? '';
    if (username === '') throw new UsageError('--username is required');
    const role = values.role ?? '';
    if (!isRole(role)) throw new UsageError(`--role '${role}' is not one of ${ROLES.join(', ')}`);
    const sites = values.site ?? [];
    if (sites.length === 0) throw new UsageError('--site is required (repeat it for several sites)');
    if (context.readStdin === undefined) throw new UsageError('no standard input to read the password from');
    const password = (await context.readStdin()).split(/\r?\n/)[0] ?? '';
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new UsageError(
        `the password (first line of standard input) needs at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    const { db, where } = await openServerDb(values.data);
    try {
      const known = new Set((await listSites(db.kysely)).map((s) => s.siteId));
      const unknown = sites.filter((s) => !known.has(s));
      if (unknown.length > 0) {
        throw new UsageError(
          `site '${unknown[0]}' does not exist; add it first with 'cxcr4pet site add --site ${unknown[0]} --name …'`,
        );
      }
      const user = await createUser(
        db.kysely,
        { actor: cliActor() },
        {
          userId: username,
          displayName: values.name?.trim() || username,
          role,
          siteIds: sites,
          passwordHash: await hashPassword(password),
        },
      );
      context.stdout(`added ${user.role} '${user.userId}' at ${user.siteIds.join(', ')} (${where})\n`);
    } finally {
      await db.close();
    }
    return 0;
  },
};

export const siteCommand: Command = {
  name: 'site',
  summary: 'add a study site of the study server',
  usage: SITE_USAGE,
  async run(context) {
    const { values } = parseCommandLine({
      args: [...subcommand(context, SITE_USAGE)],
      options: { site: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' } },
    });
    const siteId = values.site?.trim() ?? '';
    const name = values.name?.trim() ?? '';
    if (siteId === '' || name === '') throw new UsageError('--site and --name are required');
    const { createSite } = await import('@cxcr4pet/db');
    const { db, where } = await openServerDb(values.data);
    try {
      await createSite(db.kysely, { actor: cliActor() }, { siteId, name });
      context.stdout(`added site '${siteId}' (${name}) (${where})\n`);
    } finally {
      await db.close();
    }
    return 0;
  },
};
