import { z } from 'zod';

/** `?limit=&offset=`: at most 200 a page, 50 by default. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The version the editor loaded (optimistic concurrency: a different current version → 409). */
export const versionField = z.number().int().min(1);

/** Why a change after first entry is made (stored in the audit trail). */
export const reasonField = z.string().trim().min(1).max(2000);

/** Drops absent optional fields (exactOptionalPropertyTypes: `undefined` is not "absent"). */
export function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
