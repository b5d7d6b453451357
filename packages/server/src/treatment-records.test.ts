import { createRecord, updateRecord } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';

/**
 * Treatment records through the server: the study room's schema validates the body (field named), the
 * answer carries the protocol deviations of "baseline imaging precedes treatment" against the
 * participant's scans and enrolment (the participant of `seedParticipant` is enrolled here on
 * 2026-03-04 and scanned on 2026-03-05 at 10:00 +01:00 with both tracers), changes need a reason and
 * are audited with it, and who may write follows the other clinical records.
 */
describe('treatment records', () => {
  let server: TestServer;
  let coordinator: Client;
  let reader: Client;
  let monitor: Client;
  let admin: Client;
  const rchop = (startDate: string) => ({
    regimen: 'R-CHOP',
    category: 'chemo-immunotherapy',
    lineOfTherapy: 1,
    intent: 'curative',
    startDate,
    cycles: 6,
  });
  beforeAll(async () => {
    server = await startTestServer();
    const k = server.db.kysely;
    for (const [id, site] of [
      ['T-1', 'A'],
      ['T-B', 'B'],
    ] as const) {
      await seedParticipant(server.db, id, site);
      const setup = { actor: 'test-setup' };
      const [participant] = (await k
        .selectFrom('study_record')
        .select(['record_id'])
        .where('participant_id', '=', id)
        .where('record_type', '=', 'participant')
        .execute()) as [{ record_id: string }];
      await updateRecord(k, { ...setup, reason: 'enrolled' }, 'participant', participant.record_id, 1, {
        participantId: id,
        siteId: site,
        sex: 'male',
        enrolledDate: '2026-03-04',
      });
      for (const tracer of ['fdg', 'pentixafor'] as const)
        await createRecord(k, setup, 'scan', example.scan(id, tracer));
    }
    [coordinator, reader, monitor, admin] = (await Promise.all(
      ['coordinator-a', 'reader-a', 'monitor-a', 'admin-a'].map((u) => server.signIn(u)),
    )) as [Client, Client, Client, Client];
  }, 120_000);
  afterAll(() => server?.close());

  it('stores a treatment started after baseline imaging with no deviation', async () => {
    const created = await coordinator.call('POST', '/api/participants/T-1/records/treatment', {
      data: rchop('2026-03-09'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'treatment', version: 1, data: { regimen: 'R-CHOP' } });
    expect(created.body.deviations).toEqual([]);
  });

  it('keeps a treatment started before the scans and answers its deviations; a change needs a reason, audited', async () => {
    const created = await coordinator.call('POST', '/api/participants/T-1/records/treatment', {
      data: { ...rchop('2026-03-03'), lineOfTherapy: 2, regimen: 'R-ICE', cycles: 2 },
    });
    expect(created.status).toBe(201);
    const codes = (created.body.deviations as { code: string; field: string }[]).map((d) => [
      d.code,
      d.field,
    ]);
    expect(codes).toEqual([
      ['treatment-before-baseline-imaging', 'startDate'],
      ['treatment-before-baseline-imaging', 'startDate'],
      ['treatment-before-enrolment', 'startDate'],
    ]);
    const url = `/api/participants/T-1/records/treatment/${created.body.recordId}`;
    const noReason = await coordinator.call('PUT', url, { version: 1, data: rchop('2026-03-05') });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    const moved = await coordinator.call('PUT', url, {
      version: 1,
      reason: 'start date corrected from the chemotherapy chart',
      data: { ...rchop('2026-03-05'), lineOfTherapy: 2, regimen: 'R-ICE', cycles: 2 },
    });
    expect(moved.status).toBe(200);
    // 5 March is the scans' day and after enrolment: nothing left.
    expect(moved.body.deviations).toEqual([]);
    const audit = await admin.call('GET', `/api/audit?entity=study_record&entityId=${created.body.recordId}`);
    expect(
      audit.body.entries.map((e: { action: string; reason?: string }) => [e.action, e.reason ?? null]),
    ).toEqual([
      ['update', 'start date corrected from the chemotherapy chart'],
      ['create', null],
    ]);
  });

  it('names the field of an invalid treatment', async () => {
    const ended = await coordinator.call('POST', '/api/participants/T-1/records/treatment', {
      data: { ...rchop('2026-03-09'), endDate: '2026-03-01' },
    });
    expect(ended.status).toBe(400);
    expect(ended.body).toMatchObject({ code: 'invalid-request', field: 'data.endDate' });
    expect(ended.body.message).toMatch(/ended before it started/);
    const category = await coordinator.call('POST', '/api/participants/T-1/records/treatment', {
      data: { ...rchop('2026-03-09'), category: 'chemo' },
    });
    expect(category.body.field).toBe('data.category');
  });

  it('lets site staff write, readers and monitors only read, and hides another site’s participant', async () => {
    const byReader = await reader.call('POST', '/api/participants/T-1/records/treatment', {
      data: rchop('2026-03-09'),
    });
    expect(byReader.status).toBe(403);
    expect(byReader.body.message).toBe('a reader may not write treatment records');
    const byMonitor = await monitor.call('POST', '/api/participants/T-1/records/treatment', {
      data: rchop('2026-03-09'),
    });
    expect(byMonitor.status).toBe(403);
    const listed = await monitor.call('GET', '/api/participants/T-1/records?type=treatment');
    expect(listed.status).toBe(200);
    expect(listed.body.records.map((r: { data: { regimen: string } }) => r.data.regimen)).toEqual([
      'R-CHOP',
      'R-ICE',
    ]);
    const otherSite = await coordinator.call('POST', '/api/participants/T-B/records/treatment', {
      data: rchop('2026-03-09'),
    });
    expect(otherSite.status).toBe(404);
  });
});
