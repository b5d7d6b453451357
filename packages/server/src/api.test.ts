import { participantSite } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from './app.ts';
import { example, seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';

describe('the study API', () => {
  let server: TestServer;
  let coordinator: Client;
  let investigator: Client;
  let monitor: Client;
  let statistician: Client;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer();
    await seedParticipant(server.db, 'API-1', 'A');
    await seedParticipant(server.db, 'API-B', 'B');
    [coordinator, investigator, monitor, statistician, admin] = (await Promise.all(
      ['coordinator-a', 'investigator-a', 'monitor-a', 'statistician-a', 'admin-a'].map((u) =>
        server.signIn(u),
      ),
    )) as [Client, Client, Client, Client, Client];
  });
  afterAll(() => server.close());

  describe('records', () => {
    it('creates a record, refuses an update without a reason or on a stale version, and audits the change with its reason', async () => {
      const created = await coordinator.call('POST', '/api/participants/API-1/records/labs', {
        data: example.labs('API-1', 310),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ version: 1, type: 'labs', data: { ldhUPerL: 310 } });
      const url = `/api/participants/API-1/records/labs/${created.body.recordId}`;
      const noReason = await coordinator.call('PUT', url, { version: 1, data: example.labs('API-1', 320) });
      expect(noReason.status).toBe(400);
      expect(noReason.body).toMatchObject({ code: 'invalid-request', field: 'reason' });
      const first = await investigator.call('PUT', url, {
        version: 1,
        reason: 'lab report re-read',
        data: example.labs('API-1', 320),
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ version: 2, updatedBy: 'investigator-a', data: { ldhUPerL: 320 } });
      const stale = await coordinator.call('PUT', url, {
        version: 1,
        reason: 'my edit',
        data: example.labs('API-1', 330),
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale-version');
      expect(stale.body.message).toContain('investigator-a');
      expect(stale.body.field).toBe('version');
      const audit = await admin.call(
        'GET',
        `/api/audit?entity=study_record&entityId=${created.body.recordId}`,
      );
      expect(
        audit.body.entries.map((e: { action: string; reason?: string }) => [e.action, e.reason ?? null]),
      ).toEqual([
        ['update', 'lab report re-read'],
        ['create', null],
      ]);
    });

    it('names the field of an invalid record and refuses a body about another participant', async () => {
      const bad = await coordinator.call('POST', '/api/participants/API-1/records/labs', {
        data: { sampledDate: '2026-03-01', ldhUPerL: -5 },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'invalid-request', field: 'data.ldhUPerL' });
      expect(bad.body.message).toMatch(/^body field 'data\.ldhUPerL': /);
      const other = await coordinator.call('POST', '/api/participants/API-1/records/labs', {
        data: example.labs('API-B'),
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({ code: 'participant-mismatch', field: 'data.participantId' });
    });

    it('answers malformed JSON and unknown routes with the JSON error shape', async () => {
      const broken = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":',
      });
      expect(broken.statusCode).toBe(400);
      expect(Object.keys(broken.json()).sort()).toEqual(['code', 'message']);
      const missing = await coordinator.call('GET', '/api/nothing-here');
      expect(missing).toEqual({
        status: 404,
        body: { code: 'not-found', message: 'no route GET /api/nothing-here' },
      });
    });
  });

  describe('computed on the server', () => {
    it('stores the eligibility verdict from screening, birth date and consent, and re-assesses with a reason', async () => {
      // Born 1960-05-01, screened 2026-03-01: 65 completed years; every other criterion is met.
      const verdict = await coordinator.call('POST', '/api/participants/API-1/eligibility', {});
      expect(verdict.status).toBe(201);
      expect(verdict.body.data.kind).toBe('eligible');
      expect(
        verdict.body.data.criteria.find((c: { criterion: string }) => c.criterion === 'age-18-to-80').status,
      ).toEqual({
        kind: 'met',
        evidence: '65 completed years on 2026-03-01 (born 1960-05-01)',
      });
      const again = await coordinator.call('POST', '/api/participants/API-1/eligibility', {});
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('reason-required');
      const young = await coordinator.call('POST', '/api/participants', {
        participantId: 'API-17',
        siteId: 'A',
        sex: 'male',
      });
      expect(young.status).toBe(201);
      // Born 2008-06-01, screened 2026-03-01: 17 completed years → a screen failure naming the age criterion.
      await coordinator.call('POST', '/api/participants/API-17/records/participant-identity', {
        data: example.identity('API-17', '2008-06-01'),
      });
      await coordinator.call('POST', '/api/participants/API-17/records/consent', {
        data: example.consent('API-17'),
      });
      await coordinator.call('POST', '/api/participants/API-17/records/screening', {
        data: example.screening('API-17'),
      });
      const failed = await coordinator.call('POST', '/api/participants/API-17/eligibility', {});
      expect(failed.body.data.kind).toBe('ineligible');
      expect(failed.body.data.reasons).toEqual([
        'Inclusion "Age 18 to 80 years at screening": not met (17 completed years on 2026-03-01 (born 2008-06-01))',
      ]);
      const noScreening = await coordinator.call('POST', '/api/participants', {
        participantId: 'API-0',
        siteId: 'A',
        sex: 'female',
      });
      expect(noScreening.status).toBe(201);
      const none = await coordinator.call('GET', '/api/participants/API-0/eligibility');
      expect(none.status).toBe(409);
      expect(none.body.code).toBe('missing-record');
    });

    it('computes the DLBCL risk scores with the points behind them (IPI 4 = high by hand)', async () => {
      // Age 65 (> 60: 1), stage III (1), ECOG 2 (1), LDH 300 > ULN 250 (1), 1 extranodal site (> 1: 0) → 4.
      const scores = await monitor.call('GET', '/api/participants/API-1/scores');
      expect(scores.status).toBe(200);
      expect(scores.body.ageYears).toBe(65);
      const ipi = scores.body.scores.find((s: { system: { id: string } }) => s.system.id === 'ipi');
      expect(ipi).toMatchObject({ kind: 'scored', points: 4, group: 'high' });
      expect(ipi.factors.map((f: { points: number }) => f.points)).toEqual([1, 1, 1, 1, 0]);
      // Age-adjusted IPI: stage III/IV, LDH elevated, ECOG ≥ 2 → 3 = high.
      expect(
        scores.body.scores.find((s: { system: { id: string } }) => s.system.id === 'aa-ipi'),
      ).toMatchObject({ points: 3, group: 'high' });
    });
  });

  describe('identifying data and pseudonyms', () => {
    it('shows name, birth date and hospital id to site staff only, and lets only them search by name', async () => {
      const staff = await coordinator.call('GET', '/api/participants?q=name%20of%20api-17');
      expect(staff.body.items.map((p: { participantId: string }) => p.participantId)).toEqual(['API-17']);
      expect(staff.body.items[0].identity).toEqual({
        fullName: 'Name of API-17',
        birthDate: '2008-06-01',
        hospitalId: 'H-API-17',
      });
      const byMonitor = await monitor.call('GET', '/api/participants?q=name%20of%20api-17');
      expect(byMonitor.body.items).toEqual([]);
      const read = await monitor.call('GET', '/api/participants/API-1');
      expect(read.body.identity).toBeUndefined();
      expect(read.body.recordCounts['participant-identity']).toBeUndefined();
      const preview = await monitor.call('GET', '/api/participants/API-1/eligibility');
      expect(JSON.stringify(preview.body)).not.toContain('1960-05-01');
      expect(JSON.stringify(preview.body)).toContain('65 completed years');
    });

    it('gives statisticians pseudonyms only: no study code, no identifying record, no birth date', async () => {
      const pseudonym = (await participantSite(server.db.kysely, 'API-1'))?.pseudonym ?? '';
      expect(pseudonym).toMatch(/^PS-[0-9A-F]{12}$/);
      const list = await statistician.call('GET', '/api/participants?limit=200');
      const text = JSON.stringify(list.body);
      expect(text).toContain(pseudonym);
      expect(text).not.toMatch(/API-1|Name of|H-API|1960-05-01/);
      // Statisticians page by pseudonym: the opaque cursor holds the last pseudonym, never a study code,
      // and a cursor of a study-code-ordered list (site staff's) is refused.
      const first = await statistician.call('GET', '/api/participants?limit=1');
      const cursorText = Buffer.from(first.body.nextCursor, 'base64url').toString('utf8');
      expect(cursorText).toContain(first.body.items[0].participantId);
      expect(cursorText).not.toMatch(/API-/);
      const after = await statistician.call(
        'GET',
        `/api/participants?limit=1&cursor=${first.body.nextCursor}`,
      );
      expect(after.body.items[0].participantId > first.body.items[0].participantId).toBe(true);
      const staffCursor = (await coordinator.call('GET', '/api/participants?limit=1')).body.nextCursor;
      expect((await statistician.call('GET', `/api/participants?cursor=${staffCursor}`)).status).toBe(400);
      expect((await statistician.call('GET', '/api/participants/API-1')).status).toBe(404);
      const records = await statistician.call('GET', `/api/participants/${pseudonym}/records`);
      expect(records.status).toBe(200);
      expect(records.body.records.length).toBeGreaterThan(3);
      const recordsText = JSON.stringify(records.body);
      expect(recordsText).not.toMatch(/API-1|Name of|H-API|1960-05-01/);
      expect(
        records.body.records.every(
          (r: { participantId: string; data: { participantId: string } }) =>
            r.participantId === pseudonym && r.data.participantId === pseudonym,
        ),
      ).toBe(true);
      const search = await statistician.call('GET', `/api/participants?q=${pseudonym.slice(3, 9)}`);
      expect(search.body.items.map((p: { participantId: string }) => p.participantId)).toEqual([pseudonym]);
      // A study code must not lead a statistician to its pseudonym.
      expect((await statistician.call('GET', '/api/participants?q=API-1')).body.items).toEqual([]);
    });

    it('never shows password hashes in the audit trail, and hides identifying records from admins there', async () => {
      const audit = await admin.call('GET', '/api/audit?limit=200');
      const text = JSON.stringify(audit.body);
      expect(text).not.toContain('$argon2id$');
      expect(text).not.toContain('Name of API-1');
      expect(audit.body.total).toBeGreaterThan(20);
      const byMonitor = await monitor.call('GET', '/api/audit?limit=200');
      const participants = new Set(
        byMonitor.body.entries.map(
          (e: { after?: { participant_id?: string }; before?: { participant_id?: string } }) =>
            (e.after ?? e.before)?.participant_id,
        ),
      );
      expect(participants.has('API-B')).toBe(false);
      expect(participants.has('API-1')).toBe(true);
    });
  });

  describe('data queries and the data lock', () => {
    it('runs raise → answer → close, blocks the lock while a query is open, and the lock blocks every write', async () => {
      const raised = await monitor.call('POST', '/api/participants/API-1/queries', {
        field: 'screeningDate',
        question: 'Screening date differs from the source.',
      });
      expect(raised.status).toBe(201);
      expect(raised.body).toMatchObject({ status: 'open', raisedBy: 'monitor-a', version: 1 });
      const refused = await admin.call('POST', '/api/lock', {
        locked: true,
        reason: 'database lock for analysis',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('open-queries');
      const answered = await coordinator.call('POST', `/api/queries/${raised.body.queryId}/answer`, {
        version: 1,
        answer: 'Source checked: the date is right.',
      });
      expect(answered.body).toMatchObject({ status: 'answered', answeredBy: 'coordinator-a', version: 2 });
      expect((await admin.call('POST', '/api/lock', { locked: true, reason: 'database lock' })).status).toBe(
        409,
      );
      const open = await monitor.call('GET', '/api/queries?status=answered');
      expect(open.body.queries.map((q: { queryId: string }) => q.queryId)).toContain(raised.body.queryId);
      const staleClose = await monitor.call('POST', `/api/queries/${raised.body.queryId}/close`, {
        version: 1,
      });
      expect(staleClose.status).toBe(409);
      const closed = await monitor.call('POST', `/api/queries/${raised.body.queryId}/close`, { version: 2 });
      expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'monitor-a', version: 3 });
      const locked = await admin.call('POST', '/api/lock', {
        locked: true,
        reason: 'database lock for analysis',
      });
      expect(locked.status).toBe(200);
      expect(locked.body).toMatchObject({ locked: true, changedBy: 'admin-a' });
      const write = await coordinator.call('POST', '/api/participants/API-1/records/labs', {
        data: example.labs('API-1'),
      });
      expect(write.status).toBe(409);
      expect(write.body.code).toBe('locked');
      expect(
        (await monitor.call('POST', '/api/participants/API-1/queries', { field: 'x', question: 'y' })).body
          .code,
      ).toBe('locked');
      expect((await coordinator.call('GET', '/api/lock')).body.locked).toBe(true);
      expect(
        (await admin.call('POST', '/api/lock', { locked: false, reason: 'late correction approved' })).status,
      ).toBe(200);
      expect(
        (
          await coordinator.call('POST', '/api/participants/API-1/records/labs', {
            data: example.labs('API-1'),
          })
        ).status,
      ).toBe(201);
      const steps = await admin.call('GET', `/api/audit?entity=data_query&entityId=${raised.body.queryId}`);
      expect(
        steps.body.entries.map((e: { action: string; reason?: string }) => [e.action, e.reason ?? null]),
      ).toEqual([
        ['update', 'query closed by the monitor'],
        ['update', 'Source checked: the date is right.'],
        ['create', null],
      ]);
    });
  });

  describe('the OpenAPI document', () => {
    it('is generated from the zod schemas: every record type’s body, the error shape, the session cookie', async () => {
      const r = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(r.statusCode).toBe(200);
      const doc = r.json();
      expect(doc.openapi).toBe('3.1.0');
      const body =
        doc.paths['/api/participants/{participantId}/records/dose'].post.requestBody.content[
          'application/json'
        ].schema;
      expect(Object.keys(body.properties.data.properties)).toEqual(
        expect.arrayContaining(['syringeBefore', 'injectedAt']),
      );
      expect(doc.paths['/api/participants/{participantId}/records/eligibility-verdict']).toBeUndefined();
      expect(doc.paths['/api/participants'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['q', 'limit', 'offset', 'cursor', 'status', 'sex', 'siteId', 'eligibility']),
      );
      expect(doc.components.securitySchemes.session).toEqual({
        type: 'apiKey',
        in: 'cookie',
        name: 'cxcr4pet_session',
      });
    });
  });

  describe('extensions', () => {
    it('adds routes with their own policy entries, authorised by the same hook; a route without one cannot register', async () => {
      const app = await buildApp({
        db: server.db,
        extensions: [
          {
            name: 'store',
            policies: { 'store.ping': { roles: ['admin'], scope: 'global' } },
            routes: () => async (api) => {
              api.post(
                '/store/ping',
                { schema: { body: z.object({ n: z.number() }) }, config: { operation: 'store.ping' } },
                async (req) => ({ pong: req.body.n }),
              );
            },
          },
        ],
      });
      const { signIn } = await import('./test-support.ts');
      const extAdmin = await signIn(app, 'admin-a');
      const extReader = await signIn(app, 'reader-a');
      expect(await extAdmin.call('POST', '/api/store/ping', { n: 3 })).toEqual({
        status: 200,
        body: { pong: 3 },
      });
      expect((await extReader.call('POST', '/api/store/ping', { n: 3 })).status).toBe(403);
      expect((await extAdmin.call('POST', '/api/store/ping', { n: 'x' })).body.field).toBe('n');
      await app.close();
      await expect(
        buildApp({
          db: server.db,
          extensions: [
            {
              name: 'bad',
              policies: {},
              routes: () => async (api) => void api.get('/store/open', async () => 'no policy'),
            },
          ],
        }),
      ).rejects.toThrow(/names no operation of the policy table/);
    });
  });
});
