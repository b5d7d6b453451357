import type { z } from 'zod';
import { StudyError } from '../errors.ts';

/**
 * Validates untyped input (an HTTP body, a CSV row) against one record schema and returns the typed
 * record, or throws one `invalid-record` StudyError whose one-line message names the record, the first
 * offending field and the reason (`dose record: field 'syringeBefore.activityMBq': expected number,
 * received string`). The server and CLI call this at their boundary; the rules of this room take typed
 * records.
 */
export function parseRecord<S extends z.ZodType>(schema: S, input: unknown, record: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field =
    issue === undefined || issue.path.length === 0 ? '(record)' : issue.path.map(String).join('.');
  const reason = issue?.message ?? 'invalid';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new StudyError('invalid-record', `${record}: field '${field}': ${reason}${more}.`, { record, field });
}
