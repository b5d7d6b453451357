import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../test-support.ts';
import { auditVerifyExtension, pacsNodesExtension } from './routes.ts';

const RIGHT = 'orthanc secret 1';
const WRONG = 'not the orthanc secret';

let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer({ extensions: [pacsNodesExtension, auditVerifyExtension] });
  admin = await server.signIn('admin-a');
}, 60_000);
afterAll(async () => server?.close());

describe.skipIf(!hasOrthanc)('PACS nodes against a real Orthanc (basic authentication)', () => {
  let orthanc: TestOrthanc;
  beforeAll(async () => {
    orthanc = await startOrthanc({}, { users: { cxcr4pet: RIGHT } });
  }, 60_000);
  afterAll(async () => orthanc?.stop());

  const settings = (calledAe = 'ORTHANC') => ({
    name: 'Test Orthanc',
    dicomWebUrl: orthanc.dicomWebUrl,
    auth: { kind: 'basic', username: 'cxcr4pet' },
    dimse: { host: '127.0.0.1', port: orthanc.dicomPort, calledAe, callingAe: 'CXCR4PET' },
  });

  it('stores a node without ever echoing its secret, and the test really talks to Orthanc with it', async () => {
    const created = await admin.call('POST', '/api/pacs-nodes', {
      nodeId: 'orthanc',
      ...settings(),
      secret: WRONG,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nodeId: 'orthanc', secretSet: true, version: 1 });
    expect(JSON.stringify(created.body)).not.toContain(WRONG);

    // The wrong password: Orthanc answers 401 to QIDO-RS; the C-ECHO (no password in DIMSE) is accepted.
    const first = await admin.call('POST', '/api/pacs-nodes/orthanc/test');
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(false);
    const [web, dimse] = first.body.checks;
    expect(web).toMatchObject({ kind: 'dicomweb', ok: false });
    expect(web.message).toMatch(/answered 401 Unauthorized \(check the user name and secret\)$/);
    expect(dimse).toMatchObject({ kind: 'dimse', ok: true });
    expect(dimse.message).toBe(
      `C-ECHO accepted by ORTHANC@127.0.0.1:${orthanc.dicomPort} (calling AE CXCR4PET)`,
    );

    const changed = await admin.call('PUT', '/api/pacs-nodes/orthanc', {
      ...settings(),
      version: 1,
      reason: 'password from the PACS team',
      secret: RIGHT,
    });
    expect(changed.status).toBe(200);
    const second = await admin.call('POST', '/api/pacs-nodes/orthanc/test');
    expect(second.body.ok).toBe(true);
    expect(second.body.checks[0].message).toBe(`QIDO-RS answered at ${orthanc.dicomWebUrl} (no studies)`);

    // Keeping the secret (absent) while changing the called AE: Orthanc checks it and refuses.
    const wrongAe = await admin.call('PUT', '/api/pacs-nodes/orthanc', {
      ...settings('NOTORTHANC'),
      version: 2,
      reason: 'AE title typo test',
    });
    expect(wrongAe.body).toMatchObject({ secretSet: true, dimse: { calledAe: 'NOTORTHANC' } });
    const third = await admin.call('POST', '/api/pacs-nodes/orthanc/test');
    expect(third.body.checks[0].ok).toBe(true);
    expect(third.body.checks[1]).toMatchObject({ kind: 'dimse', ok: false });
    expect(third.body.checks[1].message).toMatch(
      /^NOTORTHANC@127\.0\.0\.1:\d+ rejected the association from CXCR4PET/,
    );

    // Neither the list nor the audit trail ever holds a secret; the trail has each change.
    const list = await admin.call('GET', '/api/pacs-nodes');
    const audit = await admin.call('GET', '/api/audit?entity=pacs_node&limit=200');
    for (const text of [JSON.stringify(list.body), JSON.stringify(audit.body)]) {
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(RIGHT);
    }
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'update',
      'update',
      'create',
    ]);
    expect(audit.body.entries[1].reason).toBe('password from the PACS team');
  }, 60_000);
});

describe('PACS node settings and the audit chain', () => {
  it('refuses credentials in the URL, a node with neither DICOMweb nor DIMSE, and non-admins', async () => {
    const inUrl = await admin.call('POST', '/api/pacs-nodes', {
      nodeId: 'bad',
      name: 'Bad',
      dicomWebUrl: 'http://user:pw@pacs.example/dicom-web',
      auth: { kind: 'none' },
    });
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.message).toMatch(/dicomWebUrl.*no credentials in the URL/);
    const neither = await admin.call('POST', '/api/pacs-nodes', {
      nodeId: 'empty',
      name: 'Empty',
      auth: { kind: 'none' },
    });
    expect(neither.status).toBe(400);
    expect(neither.body.field).toBe('dicomWebUrl');
    const coordinator = await server.signIn('coordinator-a');
    expect((await coordinator.call('GET', '/api/pacs-nodes')).status).toBe(403);
    expect((await coordinator.call('GET', '/api/audit/verify')).status).toBe(403);
  });

  it('an unreachable node is a clear failed check, not an error', async () => {
    expect(
      (
        await admin.call('POST', '/api/pacs-nodes', {
          nodeId: 'nowhere',
          name: 'Nowhere',
          dicomWebUrl: 'http://127.0.0.1:9/dicom-web',
          auth: { kind: 'bearer' },
          secret: 'token-123',
        })
      ).status,
    ).toBe(201);
    const result = await admin.call('POST', '/api/pacs-nodes/nowhere/test');
    expect(result.body.ok).toBe(false);
    expect(result.body.checks[0].message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:9\/dicom-web\/studies\?limit=1/,
    );
    expect((await admin.call('POST', '/api/pacs-nodes/missing/test')).status).toBe(404);
  });

  it('verifies the audit trail and names the first entry changed behind its back', async () => {
    const { n } = (
      await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(server.db.kysely)
    ).rows[0] ?? { n: '0' };
    const intact = await admin.call('GET', '/api/audit/verify');
    expect(intact.body).toMatchObject({ kind: 'intact', entries: Number(n) });
    const monitor = await server.signIn('monitor-a');
    expect((await monitor.call('GET', '/api/audit/verify')).status).toBe(200);
    // A superuser can switch the triggers off; the chain still shows it.
    const tamper = (reason: string | null) =>
      server.db.kysely.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update audit_log set reason = ${reason} where seq = 3`.execute(trx);
      });
    const original = (
      await sql<{ reason: string | null }>`select reason from audit_log where seq = 3`.execute(
        server.db.kysely,
      )
    ).rows[0]?.reason;
    await tamper('nothing to see here');
    expect((await admin.call('GET', '/api/audit/verify')).body).toMatchObject({
      kind: 'broken',
      seq: 3,
      reason: 'its content does not match its hash',
    });
    await tamper(original ?? null);
    expect((await admin.call('GET', '/api/audit/verify')).body.kind).toBe('intact');
  });
});
