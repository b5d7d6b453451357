import { userInfo } from 'node:os';
import type { ParseArgsConfig } from 'node:util';
import { defaultDataDir, openStore, type Store } from '@cxcr4pet/store';
import { parseCommandLine } from '../../options.ts';

/** The usage lines shared by the commands that open the store. */
export const DATA_OPTION_USAGE = `  --data <dir>           the data folder (default $CXCR4PET_DATA or ./cxcr4pet-data): DICOM files under
                         <dir>/dicom, the embedded database under <dir>/db unless DATABASE_URL is set`;

/** The actor recorded in the audit trail for a command run from a terminal. */
export function terminalActor(given: string | undefined): string {
  if (given !== undefined && given.trim() !== '') return given.trim();
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep 'unknown'
  }
  return `cli:${name}`;
}

/** Opens the store of `--data` (or the default), runs `work`, and closes it whatever happens. */
export async function withStore<T>(data: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(data ?? defaultDataDir());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The command line of a store command: its own options plus `--data`, positionals allowed. */
export function parseStoreCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: { ...options, data: { type: 'string' } } as const,
  });
}
