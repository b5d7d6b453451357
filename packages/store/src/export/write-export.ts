import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/**
 * Writes the study's tables to `outDir`: `<table>.csv` for each, `data_dictionary.csv`, `load.R`,
 * `cxcr4pet-export.xlsx` and `manifest.json`. With `pseudonymised`, identifying columns and tables are
 * left out, participant codes become pseudonyms and dates are shifted per participant. All files are
 * written to a sibling temporary folder renamed to `outDir` at the end, so a failed export leaves
 * nothing; an `outDir` that exists and is not empty is refused (`export-target`).
 */
export async function writeExport(
  store: Store,
  outDir: string,
  options: { readonly pseudonymised: boolean; readonly software?: Readonly<Record<string, unknown>> },
): Promise<ExportSummary> {
  const target = resolve(outDir);
  if (!(await emptyOrAbsent(target)))
    throw new StoreError(
      'export-target',
      `export folder ${outDir} exists and is not empty: choose a new folder`,
      outDir,
    );
  const collected = await collectTables(store.db.kysely);
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
  const summary: ExportSummary = {
    outDir: target,
    pseudonymised: options.pseudonymised,
    tables: tables.map((t) => ({ name: t.name, rows: t.rows.length, columns: t.columns.length })),
    files: [...files.keys(), 'manifest.json'].sort(),
  };
  files.set(
    'manifest.json',
    `${JSON.stringify({ createdAt: new Date().toISOString(), title, software: options.software ?? null, ...summary, outDir: undefined }, null, 2)}\n`,
  );
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(temp);
    for (const [name, content] of files) await writeFile(join(temp, name), content);
    await rm(target, { recursive: true, force: true }); // empty (checked above) or absent
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
  return summary;
}
