import { createRecord, deleteRecord, participantSite, ROLES, type Role } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer, userOf } from './test-support.ts';

/**
 * `GET /api/participant-records?ids=…` (the worklist's one request for a page's records) against the
 * independent truth of the per-participant route `GET /api/participants/:id/records`: for every role,
 * each participant of the caller's sites gets exactly what the single route returns (identifying
 * records filtered, verdict birth dates redacted, statisticians' pseudonyms and shifted dates), and
 * ids the single route answers 404 for (another site's, unknown) are absent.
 */
describe('GET /api/participant-records', () => {
  let server: TestServer;
  const clients = new Map<Role, Client>();
  /** Study code → pseudonym. */
  const pseudonyms = new Map<string, string>();
  // Two full participants at A (one with a stored eligibility verdict naming the birth date), one at A
  // whose only record was deleted (no records), one at B (another site).
  const OWN = ['W-A1', 'W-A2', 'W-A3'];
  const OTHER = 'W-B1';

  beforeAll(async () => {
    server = await startTestServer();
    await seedParticipant(server.db, 'W-A1', 'A');
    await seedParticipant(server.db, 'W-A2', 'A');
    await seedParticipant(server.db, OTHER, 'B');
    const bare = await createRecord(server.db.kysely, { actor: 'test-setup' }, 'participant', {
      participantId: 'W-A3',
      siteId: 'A',
      sex: 'female',
    });
    await deleteRecord(
      server.db.kysely,
      { actor: 'test-setup', reason: 'entered by mistake' },
      'participant',
      bare.recordId,
      bare.version,
    );
    for (const id of [...OWN, OTHER]) {
      pseudonyms.set(id, (await participantSite(server.db.kysely, id))?.pseudonym ?? '');
    }
    for (const role of ROLES) clients.set(role, await server.signIn(userOf(role)));
    const verdict = await clients.get('investigator')?.call('POST', '/api/participants/W-A1/eligibility', {});
    expect(verdict?.status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
  });

  const clientOf = (role: Role): Client => {
    const client = clients.get(role);
    if (client === undefined) throw new Error(`no client for ${role}`);
    return client;
  };
  /** How the role names a participant: statisticians know only pseudonyms. */
  const key = (role: Role, id: string): string => (role === 'statistician' ? (pseudonyms.get(id) ?? id) : id);

  it.each(ROLES)(
    'as %s: each participant’s records equal the single route’s; others absent',
    async (role) => {
      const client = clientOf(role);
      const asked = [...OWN, OTHER, 'W-NOBODY'].map((id) => key(role, id));
      const batch = await client.call('GET', `/api/participant-records?ids=${asked.join(',')}`);
      expect(batch.status, JSON.stringify(batch.body)).toBe(200);
      const expected: { participantId: string; records: unknown }[] = [];
      for (const id of asked) {
        const single = await client.call('GET', `/api/participants/${encodeURIComponent(id)}/records`);
        if (single.status === 200) expected.push({ participantId: id, records: single.body.records });
        else expect(single.status).toBe(404);
      }
      // The site rules hold on their own (not only by agreement with the single route).
      expect(expected.map((p) => p.participantId)).toEqual(OWN.map((id) => key(role, id)));
      expect(batch.body).toEqual({ participants: expected });
      const records = (id: string) =>
        (batch.body.participants as { participantId: string; records: { type: string }[] }[]).find(
          (p) => p.participantId === key(role, id),
        )?.records ?? [];
      expect(records('W-A3')).toEqual([]);
      expect(records('W-A1').length).toBeGreaterThan(0);
      const types = new Set(records('W-A1').map((r) => r.type));
      expect(types.has('participant-identity')).toBe(role === 'investigator' || role === 'coordinator');
      expect(types.has('eligibility-verdict')).toBe(true);
      expect(JSON.stringify(batch.body).includes('(born ')).toBe(
        role === 'investigator' || role === 'coordinator',
      );
      if (role === 'statistician') expect(JSON.stringify(batch.body)).not.toContain('W-A');
    },
  );

  it('keeps the asked order, answers one entry per distinct id, and an empty list for other sites only', async () => {
    const client = clientOf('coordinator');
    const batch = await client.call('GET', '/api/participant-records?ids=W-A2,W-A1,W-A2');
    expect(batch.body.participants.map((p: { participantId: string }) => p.participantId)).toEqual([
      'W-A2',
      'W-A1',
    ]);
    const none = await client.call('GET', `/api/participant-records?ids=${OTHER}`);
    expect(none).toMatchObject({ status: 200, body: { participants: [] } });
  });

  it('refuses no ids, an empty id and more than 200 ids with a 400 naming the field', async () => {
    const client = clientOf('coordinator');
    const tooMany = Array.from({ length: 201 }, (_, i) => `X-${i}`).join(',');
    for (const query of ['', '?ids=', '?ids=W-A1,,W-A2', `?ids=${tooMany}`]) {
      const response = await client.call('GET', `/api/participant-records${query}`);
      expect(response.status, query).toBe(400);
      expect(JSON.stringify(response.body), query).toContain('ids');
    }
  });
});
