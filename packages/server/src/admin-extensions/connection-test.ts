import type { PacsNode } from '@cxcr4pet/db';
import { echo } from '@cxcr4pet/pacs';

/** The result of one connection check, in words an admin can act on (never containing the secret). */
export interface ConnectionCheck {
  readonly kind: 'dicomweb' | 'dimse';
  readonly ok: boolean;
  readonly message: string;
  readonly elapsedMs: number;
}

/** The `Authorization` header of a node's DICOMweb calls, from its settings and secret. */
export function authorizationOf(node: PacsNode, secret: string | undefined): Record<string, string> {
  if (node.auth.kind === 'basic') {
    return {
      authorization: `Basic ${Buffer.from(`${node.auth.username}:${secret ?? ''}`).toString('base64')}`,
    };
  }
  if (node.auth.kind === 'bearer') return { authorization: `Bearer ${secret ?? ''}` };
  return {};
}

async function timed(kind: ConnectionCheck['kind'], run: () => Promise<string>): Promise<ConnectionCheck> {
  const start = performance.now();
  try {
    const message = await run();
    return { kind, ok: true, message, elapsedMs: Math.round(performance.now() - start) };
  } catch (error) {
    return {
      kind,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      elapsedMs: Math.round(performance.now() - start),
    };
  }
}

/**
 * Really talks to the node: DICOMweb — a QIDO-RS study search (`GET <root>/studies?limit=1`, DICOM
 * JSON expected) with the node's authentication; DIMSE — a C-ECHO with its AE titles. Each check says
 * what answered and how long it took, or why it failed (unreachable, HTTP status such as 401, an
 * answer that is not DICOMweb, a rejected association).
 */
export async function testConnection(
  node: PacsNode,
  secret: string | undefined,
  timeoutMs = 10_000,
): Promise<readonly ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  const url = node.dicomWebUrl;
  if (url !== undefined) {
    checks.push(
      await timed('dicomweb', async () => {
        const target = `${url.replace(/\/+$/, '')}/studies?limit=1`;
        let response: Response;
        try {
          response = await fetch(target, {
            headers: { accept: 'application/dicom+json', ...authorizationOf(node, secret) },
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          const cause =
            error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
          throw new Error(`cannot reach ${target}${cause}`);
        }
        if (!response.ok) {
          const hint =
            response.status === 401 || response.status === 403 ? ' (check the user name and secret)' : '';
          throw new Error(`GET ${target} answered ${response.status} ${response.statusText}${hint}`);
        }
        const body =
          response.status === 204 ? [] : ((await response.json().catch(() => undefined)) as unknown);
        if (!Array.isArray(body))
          throw new Error(`GET ${target} did not answer DICOM JSON (is this the DICOMweb root?)`);
        return `QIDO-RS answered at ${url} (${body.length === 0 ? 'no studies' : 'studies found'})`;
      }),
    );
  }
  const dimse = node.dimse;
  if (dimse !== undefined) {
    checks.push(
      await timed('dimse', async () => {
        await echo(dimse, timeoutMs);
        return `C-ECHO accepted by ${dimse.calledAe}@${dimse.host}:${dimse.port} (calling AE ${dimse.callingAe})`;
      }),
    );
  }
  return checks;
}
