import { type DbLocation, startTestPostgres } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';

/**
 * The contract of the main endpoints on both backends: embedded PGlite and a real PostgreSQL cluster
 * started by the test (initdb + pg_ctl on a free loopback port, or DATABASE_URL when set).
 */
const BACKENDS: readonly {
  name: string;
  start(): Promise<{ location: DbLocation; stop(): Promise<void> }>;
}[] = [
  { name: 'PGlite', start: async () => ({ location: { kind: 'pglite' }, stop: async () => {} }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const pg = await startTestPostgres();
      return { location: { kind: 'postgres', connectionString: pg.connectionString }, stop: pg.stop };
    },
  },
];

describe.each(BACKENDS)('the API contract on $name', (backend) => {
  let server: TestServer;
  let stop: () => Promise<void> = async () => {};
  let coordinator: Client;
  let monitor: Client;
  let admin: Client;
  beforeAll(async () => {
    const started = await backend.start();
    stop = started.stop;
    server = await startTestServer({ location: started.location });
    coordinator = await server.signIn('coordinator-a');
    monitor = await server.signIn('monitor-a');
    admin = await server.signIn('admin-a');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await stop();
  });

  it('registers participants and pages and searches them with a total', async () => {
    for (let i = 1; i <= 12; i++) {
      const id = `C-${String(i).padStart(3, '0')}`;
      const r = await coordinator.call('POST', '/api/participants', {
        participantId: id,
        siteId: 'A',
        sex: i % 2 === 0 ? 'female' : 'male',
      });
      expect(r.status).toBe(201);
    }
    const page = await coordinator.call('GET', '/api/participants?limit=5&offset=5');
    expect(page.body.total).toBe(12);
    expect(page.body.items.map((p: { participantId: string }) => p.participantId)).toEqual([
      'C-006',
      'C-007',
      'C-008',
      'C-009',
      'C-010',
    ]);
    const women = await coordinator.call('GET', '/api/participants?sex=female&q=C-01');
    expect(women.body.items.map((p: { participantId: string }) => p.participantId)).toEqual([
      'C-010',
      'C-012',
    ]);
    const beyond = await coordinator.call('GET', '/api/participants?limit=5&offset=50');
    expect(beyond.body).toMatchObject({ total: 12, items: [] });
    // A search is counted and paged from one evaluation of its filter; past its last page the total stays.
    const second = await coordinator.call('GET', '/api/participants?q=c-01&limit=2&offset=1');
    expect(second.body.total).toBe(3);
    expect(second.body.items.map((p: { participantId: string }) => p.participantId)).toEqual([
      'C-011',
      'C-012',
    ]);
    expect((await coordinator.call('GET', '/api/participants?q=C-01&limit=2&offset=9')).body).toMatchObject({
      total: 3,
      items: [],
    });
    expect((await coordinator.call('GET', '/api/participants?q=nobody')).body).toMatchObject({
      total: 0,
      items: [],
    });
    // Keyset pages: the first counts, the next ones follow the opaque cursor and do not count again.
    const walked: string[] = [];
    let next = await coordinator.call('GET', '/api/participants?limit=5');
    expect(next.body.total).toBe(12);
    for (;;) {
      walked.push(...next.body.items.map((p: { participantId: string }) => p.participantId));
      if (next.body.nextCursor === null) break;
      next = await coordinator.call('GET', `/api/participants?limit=5&cursor=${next.body.nextCursor}`);
      expect(next.status).toBe(200);
      expect(next.body.total).toBeUndefined();
    }
    expect(walked).toEqual(Array.from({ length: 12 }, (_, i) => `C-${String(i + 1).padStart(3, '0')}`));
    const forged = await coordinator.call('GET', '/api/participants?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'invalid-request', field: 'cursor' });
    const duplicate = await coordinator.call('POST', '/api/participants', {
      participantId: 'C-001',
      siteId: 'A',
      sex: 'male',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('duplicate');
  });

  it('updates a record on its version only (409 on a stale one)', async () => {
    const created = await coordinator.call('POST', '/api/participants/C-001/records/labs', {
      data: example.labs('C-001'),
    });
    const url = `/api/participants/C-001/records/labs/${created.body.recordId}`;
    expect(
      (await coordinator.call('PUT', url, { version: 1, reason: 'typo', data: example.labs('C-001', 301) }))
        .status,
    ).toBe(200);
    const stale = await coordinator.call('PUT', url, {
      version: 1,
      reason: 'typo',
      data: example.labs('C-001', 302),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale-version');
  });

  it('refuses the data lock while a query is open and every write while locked', async () => {
    const query = await monitor.call('POST', '/api/participants/C-002/queries', {
      field: 'sex',
      question: 'Check sex.',
    });
    expect(query.status).toBe(201);
    expect((await admin.call('POST', '/api/lock', { locked: true, reason: 'lock' })).body.code).toBe(
      'open-queries',
    );
    await monitor.call('POST', `/api/queries/${query.body.queryId}/close`, { version: 1, note: 'withdrawn' });
    expect((await admin.call('POST', '/api/lock', { locked: true, reason: 'lock' })).status).toBe(200);
    const write = await coordinator.call('POST', '/api/participants', {
      participantId: 'C-999',
      siteId: 'A',
      sex: 'male',
    });
    expect(write.status).toBe(409);
    expect(write.body.code).toBe('locked');
    expect((await admin.call('POST', '/api/lock', { locked: false, reason: 'unlock' })).status).toBe(200);
  });
});
