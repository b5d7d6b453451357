import { api } from './api.ts';

/** A stored record as the server returns it. */
export interface Stored<T = unknown> {
  readonly recordId: string;
  readonly type: string;
  readonly version: number;
  readonly data: T;
}

export async function loadRecords(participantId: string): Promise<readonly Stored[]> {
  const { records } = await api<{ records: Stored[] }>(
    'GET',
    `/participants/${encodeURIComponent(participantId)}/records`,
  );
  return records;
}

/** Version stamp of a record list: forms reset to the stored values when it changes (after a save). */
export const stampOf = (records: readonly Stored[]) =>
  records.map((r) => `${r.recordId}@${r.version}`).join(',');

export function latestOf<T>(records: readonly Stored[], type: string): Stored<T> | undefined {
  return records.filter((r) => r.type === type).at(-1) as Stored<T> | undefined;
}

/**
 * Saves a record: a first entry is a POST; a change to an existing record is a PUT with the version
 * that was loaded (the server answers 409 when someone changed it since) and the reason. An unchanged
 * record is not sent.
 */
export async function saveRecord<T>(
  participantId: string,
  type: string,
  data: T,
  existing: Stored<T> | undefined,
  reason: string,
): Promise<void> {
  const base = `/participants/${encodeURIComponent(participantId)}/records/${type}`;
  if (existing === undefined) await api('POST', base, { data });
  else if (JSON.stringify(existing.data) !== JSON.stringify(data)) {
    await api('PUT', `${base}/${encodeURIComponent(existing.recordId)}`, {
      version: existing.version,
      reason,
      data,
    });
  }
}
