import { ApiError } from '../errors.ts';

/** What a list is ordered by; a cursor belongs to one order. */
export type CursorOrder = 'participant-id' | 'pseudonym';

/**
 * An opaque keyset cursor: the sort key of the last row of a page and the order it belongs to,
 * as base64url JSON. It holds nothing the caller did not see on that page (a study code for site
 * staff, a pseudonym for statisticians). Clients must treat it as opaque.
 */
export function encodeCursor(order: CursorOrder, after: string): string {
  return Buffer.from(JSON.stringify({ o: order, k: after }), 'utf8').toString('base64url');
}

/** The key of a cursor made by `encodeCursor` for `order`; a malformed or foreign cursor is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, order: CursorOrder): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { o, k } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    o?: unknown;
    k?: unknown;
  };
  if (o !== order || typeof k !== 'string' || k === '' || k.length > 64) {
    throw new ApiError(
      400,
      'invalid-request',
      "field 'cursor': not a cursor of this list (pass back the nextCursor of a previous page unchanged)",
      'cursor',
    );
  }
  return k;
}
