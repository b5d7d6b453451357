/**
 * The study API client: same origin, the session in an httpOnly cookie the browser sends, and the
 * CSRF token (from the login response or `/api/auth/me`, kept in memory only) repeated in
 * `X-CSRF-Token` on every state-changing request. Errors become `ApiFailure` carrying the server's
 * `{ code, message, field? }` so that screens show the server's own words.
 */
export interface User {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly siteIds: readonly string[];
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let csrfToken: string | undefined;

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiFailure(0, 'network', `the server did not answer (${String(error)})`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiFailure(
      response.status,
      'bad-response',
      `${method} /api${path}: not JSON (HTTP ${response.status})`,
    );
  }
  if (!response.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string; field?: string };
    throw new ApiFailure(
      response.status,
      error.code ?? 'http',
      error.message ?? `${method} /api${path}: HTTP ${response.status}`,
      error.field,
    );
  }
  return parsed as T;
}

/** Signs in; keeps the CSRF token for later requests. */
export async function login(username: string, password: string): Promise<User> {
  const result = await api<{ user: User; csrfToken: string }>('POST', '/auth/login', { username, password });
  csrfToken = result.csrfToken;
  return result.user;
}

/** The signed-in user after a reload (the cookie survives it, the in-memory token does not), or undefined. */
export async function currentUser(): Promise<User | undefined> {
  try {
    const result = await api<{ user: User; csrfToken: string }>('GET', '/auth/me');
    csrfToken = result.csrfToken;
    return result.user;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return undefined;
    throw error;
  }
}

export async function logout(): Promise<void> {
  try {
    await api('POST', '/auth/logout');
  } finally {
    csrfToken = undefined;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
