import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { recordActivity, withChange } from '@cxcr4pet/db';
import { StoreError } from '../errors.ts';
import type { Store } from '../open-store.ts';
import { collectTables } from './collect.ts';
import type { ExportTable } from './columns.ts';
import { dictionaryCsv, toCsv } from './csv.ts';
import { pseudonymise, pseudonymKey } from './pseudonymise.ts';
import { loaderScript } from './r-script.ts';
import { toXlsx } from './xlsx.ts';

export interface ExportSummary {
  readonly outDir: string;
  readonly pseudonymised: boolean;
  readonly tables: readonly { readonly name: string; readonly rows: number; readonly columns: number }[];
  readonly files: readonly string[];
}

async function storedPseudonyms(store: Store): Promise<ReadonlyMap<string, string>> {
  const rows = await store.db.kysely.selectFrom('participant_pseudonym').selectAll().execute();
  return new Map(rows.map((r) => [r.participant_id, r.pseudonym]));
}

async function emptyOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** What an export was made from and for: recorded with it in the audit trail. */
export interface ExportOptions {
  readonly pseudonymised: boolean;
  readonly software?: Readonly<Record<string, unknown>>;
  /** Only participants of these sites (the caller's, for the server); every site when absent. */
  readonly siteIds?: readonly string[];
}

/** An export built in memory: its files by name (with manifest.json) and the summary. */
export interface BuiltExport {
  readonly files: ReadonlyMap<string, string | Uint8Array>;
  readonly tables: ExportSummary['tables'];
}

/** The tables restricted to participants of `siteIds` (every table has a `participant_id` column). */
async function ofSites(
  store: Store,
  tables: readonly ExportTable[],
  siteIds: readonly string[],
): Promise<readonly ExportTable[]> {
  const rows =
    siteIds.length === 0
      ? []
      : await store.db.kysely
          .selectFrom('participant')
          .select('participant_id')
          .where('site_id', 'in', siteIds)
          .execute();
  const allowed = new Set(rows.map((r) => r.participant_id));
  return tables.map((table) => {
    const column = table.columns.findIndex((c) => c.name === 'participant_id');
    return column < 0
      ? { ...table, rows: [] }
      : { ...table, rows: table.rows.filter((row) => allowed.has(String(row[column]))) };
  });
}

/**
 * The export's files in memory: `<table>.csv` for each table, `data_dictionary.csv`, `load.R`,
 * `cxcr4pet-export.xlsx` and `manifest.json`. With `pseudonymised`, identifying columns and tables are
 * left out, participant codes become pseudonyms and dates are shifted per participant.
 */
export async function buildExport(store: Store, options: ExportOptions): Promise<BuiltExport> {
  const all = await collectTables(store.db.kysely);
  const collected = options.siteIds === undefined ? all : await ofSites(store, all, options.siteIds);
  const tables: readonly ExportTable[] = options.pseudonymised
    ? pseudonymise(collected, await pseudonymKey(store.dataDir), await storedPseudonyms(store))
    : collected;
  const title = options.pseudonymised
    ? 'pseudonymised (dates shifted per participant)'
    : 'full (identifying data included)';
  const files = new Map<string, string | Uint8Array>();
  for (const table of tables) files.set(`${table.name}.csv`, toCsv(table));
  files.set('data_dictionary.csv', dictionaryCsv(tables));
  files.set('load.R', loaderScript(tables, title));
  files.set('cxcr4pet-export.xlsx', await toXlsx(tables));
  const summary = {
    pseudonymised: options.pseudonymised,
    sites: options.siteIds ?? 'all',
    tables: tables.map((t) => ({ name: t.name, rows: t.rows.length, columns: t.columns.length })),
    files: [...files.keys(), 'manifest.json'].sort(),
  };
  files.set(
    'manifest.json',
    `${JSON.stringify({ createdAt: new Date().toISOString(), title, software: options.software ?? null, ...summary }, null, 2)}\n`,
  );
  return { files, tables: summary.tables };
}

/** Name, size and SHA-256 of each file handed out (for the audit trail). */
export function fileDigests(
  files: ReadonlyMap<string, string | Uint8Array>,
): readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[] {
  return [...files].map(([name, content]) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    return { name, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

/**
 * Writes the study's tables to `outDir` (see `buildExport`) and records the export in the audit trail
 * (`activity` `export.write`: who, full or pseudonymised, sites, rows per table, each file's SHA-256).
 * All files are written to a sibling temporary folder renamed to `outDir` inside the audited
 * transaction, so a failed export leaves neither files nor an audit entry; an `outDir` that exists and
 * is not empty is refused (`export-target`).
 */
export async function writeExport(
  store: Store,
  outDir: string,
  options: ExportOptions & { readonly actor: string },
): Promise<ExportSummary> {
  const target = resolve(outDir);
  if (!(await emptyOrAbsent(target)))
    throw new StoreError(
      'export-target',
      `export folder ${outDir} exists and is not empty: choose a new folder`,
      outDir,
    );
  const { files, tables } = await buildExport(store, options);
  const summary: ExportSummary = {
    outDir: target,
    pseudonymised: options.pseudonymised,
    tables,
    files: [...files.keys()].sort(),
  };
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  let renamed = false;
  try {
    await mkdir(temp);
    for (const [name, content] of files) await writeFile(join(temp, name), content);
    await withChange(store.db.kysely, { actor: options.actor }, async (trx) => {
      await recordActivity(
        store.db.kysely,
        { actor: options.actor },
        {
          action: 'export.write',
          details: {
            outDir: target,
            pseudonymised: options.pseudonymised,
            filters: { sites: options.siteIds ?? 'all' },
            tables: tables.map((t) => ({ name: t.name, rows: t.rows })),
            files: fileDigests(files),
          },
        },
        trx,
      );
      await rm(target, { recursive: true, force: true }); // empty (checked above) or absent
      await rename(temp, target);
      renamed = true;
    });
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    // The audit entry did not commit: the files must not stay either.
    if (renamed) await rm(target, { recursive: true, force: true });
    throw e;
  }
  return summary;
}
