import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChange } from '../change.ts';
import { DbError } from '../errors.ts';
import { openStudyDb, type StudyDb } from '../open.ts';
import { TEST_BACKENDS } from '../testing/backends.ts';
import { listParticipants, type ParticipantFilter, type ParticipantSummary } from './participants.ts';
import { createRecord, deleteRecord, listRecords, type StoredRecord, updateRecord } from './records.ts';
import { createSite } from './sites-users.ts';

/**
 * The participant summary (migration 0011) against its definition, computed here independently from
 * the records as the repository returns them: the participant record as stored, the latest
 * non-deleted identity record and eligibility verdict (records ordered by creation, then id).
 * Checked after every kind of write and after writes that fail, on PGlite and on PostgreSQL.
 */
const COORD = { actor: 'coord' };
const FIX = { actor: 'coord', reason: 'correction' };

type Expected = Omit<ParticipantSummary, 'identity'> & {
  readonly status: 'screening' | 'enrolled' | 'withdrawn' | undefined;
  readonly identity: { fullName: string; birthDate: string; hospitalId: string } | undefined;
};

const verdict = (participantId: string, kind: 'eligible' | 'ineligible' | 'incomplete') => ({
  participantId,
  kind,
  assessedOn: '2026-03-04',
  reasons: [],
  criteria: [],
  protocol: { id: 'NCT04504526', version: '1' },
});
const identity = (participantId: string, fullName: string, hospitalId = `H-${participantId}`) => ({
  participantId,
  fullName,
  birthDate: '1961-02-03',
  hospitalId,
});

describe.each(TEST_BACKENDS)('the participant summary on $name', (backend) => {
  let db: StudyDb;
  let stop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await backend.start();
    stop = started.stop;
    db = await openStudyDb(started.location);
    for (const siteId of ['SUM-A', 'SUM-B', 'LIST-A', 'LIST-B', 'LIST-C'])
      await createSite(db.kysely, { actor: 'admin' }, { siteId, name: `Site ${siteId}` });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await stop();
  }, 30_000);

  /** Every participant as the definition derives it from the source tables. */
  async function expectedAll(): Promise<Map<string, Expected>> {
    const participants = await db.kysely
      .selectFrom('participant as p')
      .innerJoin('participant_pseudonym as ps', 'ps.participant_id', 'p.participant_id')
      .select(['p.participant_id', 'p.site_id', 'p.created_at', 'ps.pseudonym'])
      .execute();
    const out = new Map<string, Expected>();
    for (const p of participants) {
      const records = await listRecords(db.kysely, { participantId: p.participant_id, includeDeleted: true });
      const latest = (type: StoredRecord['type']) =>
        records.filter((r) => r.type === type && !r.deleted).at(-1)?.data;
      const registration = records.find((r) => r.type === 'participant')?.data as
        | { sex: 'female' | 'male'; enrolledDate?: string; withdrawnDate?: string }
        | undefined;
      const id = latest('participant-identity') as ReturnType<typeof identity> | undefined;
      out.set(p.participant_id, {
        participantId: p.participant_id,
        pseudonym: p.pseudonym,
        siteId: p.site_id,
        registeredAt: p.created_at.toISOString(),
        sex: registration?.sex,
        enrolledDate: registration?.enrolledDate,
        withdrawnDate: registration?.withdrawnDate,
        status:
          registration === undefined
            ? undefined
            : registration.withdrawnDate !== undefined
              ? 'withdrawn'
              : registration.enrolledDate !== undefined
                ? 'enrolled'
                : 'screening',
        eligibility: (latest('eligibility-verdict') as { kind: Expected['eligibility'] } | undefined)?.kind,
        identity:
          id === undefined
            ? undefined
            : { fullName: id.fullName, birthDate: id.birthDate, hospitalId: id.hospitalId },
      });
    }
    return out;
  }

  /** The summary table as stored, in the same shape. */
  async function stored(): Promise<Map<string, Expected>> {
    const rows = await db.kysely.selectFrom('participant_summary').selectAll().execute();
    const v = (x: string | null) => x ?? undefined;
    return new Map(
      rows.map((r) => [
        r.participant_id,
        {
          participantId: r.participant_id,
          pseudonym: r.pseudonym,
          siteId: r.site_id,
          registeredAt: r.registered_at.toISOString(),
          sex: v(r.sex) as Expected['sex'],
          enrolledDate: v(r.enrolled_date),
          withdrawnDate: v(r.withdrawn_date),
          status: r.status ?? undefined,
          eligibility: v(r.eligibility) as Expected['eligibility'],
          identity:
            r.full_name === null || r.birth_date === null || r.hospital_id === null
              ? undefined
              : { fullName: r.full_name, birthDate: r.birth_date, hospitalId: r.hospital_id },
        },
      ]),
    );
  }

  async function expectConsistent(step: string): Promise<Map<string, Expected>> {
    const expected = await expectedAll();
    expect(await stored(), `after ${step}`).toEqual(expected);
    return expected;
  }

  async function register(participantId: string, siteId: string, sex: 'female' | 'male' = 'female') {
    return createRecord(db.kysely, COORD, 'participant', { participantId, siteId, sex });
  }

  it('follows every create, update and delete of the records it is made from', async () => {
    const reg = await register('SUM-1', 'SUM-A');
    await expectConsistent('registration');
    expect((await stored()).get('SUM-1')).toMatchObject({
      status: 'screening',
      sex: 'female',
      siteId: 'SUM-A',
    });

    const first = await createRecord(
      db.kysely,
      COORD,
      'participant-identity',
      identity('SUM-1', 'Ada Lovelace'),
    );
    await expectConsistent('identity created');
    const incomplete = await createRecord(
      db.kysely,
      COORD,
      'eligibility-verdict',
      verdict('SUM-1', 'incomplete'),
    );
    const eligible = await createRecord(
      db.kysely,
      COORD,
      'eligibility-verdict',
      verdict('SUM-1', 'eligible'),
    );
    expect((await expectConsistent('two verdicts')).get('SUM-1')?.eligibility).toBe('eligible');

    const enrolled = await updateRecord(db.kysely, FIX, 'participant', reg.recordId, 1, {
      participantId: 'SUM-1',
      siteId: 'SUM-A',
      sex: 'female',
      enrolledDate: '2026-03-10',
    });
    expect((await expectConsistent('enrolment')).get('SUM-1')?.status).toBe('enrolled');

    await updateRecord(
      db.kysely,
      FIX,
      'participant-identity',
      first.recordId,
      1,
      identity('SUM-1', 'Ada King'),
    );
    expect((await expectConsistent('identity updated')).get('SUM-1')?.identity?.fullName).toBe('Ada King');
    const second = await createRecord(
      db.kysely,
      COORD,
      'participant-identity',
      identity('SUM-1', 'A. King', 'H-9'),
    );
    expect((await expectConsistent('second identity')).get('SUM-1')?.identity?.hospitalId).toBe('H-9');
    await deleteRecord(db.kysely, FIX, 'participant-identity', second.recordId, 1);
    expect((await expectConsistent('second identity deleted')).get('SUM-1')?.identity?.fullName).toBe(
      'Ada King',
    );

    await deleteRecord(db.kysely, FIX, 'eligibility-verdict', eligible.recordId, 1);
    expect((await expectConsistent('latest verdict deleted')).get('SUM-1')?.eligibility).toBe('incomplete');
    await deleteRecord(db.kysely, FIX, 'eligibility-verdict', incomplete.recordId, 1);
    expect((await expectConsistent('every verdict deleted')).get('SUM-1')?.eligibility).toBeUndefined();

    // A move to another site and a withdrawal, in one update of the participant record.
    await updateRecord(db.kysely, FIX, 'participant', reg.recordId, enrolled.version, {
      participantId: 'SUM-1',
      siteId: 'SUM-B',
      sex: 'female',
      enrolledDate: '2026-03-10',
      withdrawnDate: '2026-05-01',
      withdrawalReason: 'moved away',
    });
    expect((await expectConsistent('move and withdrawal')).get('SUM-1')).toMatchObject({
      siteId: 'SUM-B',
      status: 'withdrawn',
      withdrawnDate: '2026-05-01',
    });
    // Records the summary does not read leave it as it is.
    const before = (await stored()).get('SUM-1');
    await createRecord(db.kysely, COORD, 'consent', {
      participantId: 'SUM-1',
      consentFormVersion: 'v2.1',
      signedDate: '2026-02-20',
      obtainedBy: 'investigator-a',
    });
    expect((await stored()).get('SUM-1')).toEqual(before);
  });

  it('rolls back with a write that fails, and keeps nothing of a registration that fails', async () => {
    await register('SUM-2', 'SUM-A', 'male');
    const id = await createRecord(
      db.kysely,
      COORD,
      'participant-identity',
      identity('SUM-2', 'Grace Hopper'),
    );
    const before = await expectConsistent('set-up');

    // Several summary-changing statements, then a failure in the same transaction.
    const failed = withChange(db.kysely, FIX, async (trx) => {
      await trx
        .updateTable('participant')
        .set({ site_id: 'SUM-B' })
        .where('participant_id', '=', 'SUM-2')
        .execute();
      await trx
        .insertInto('study_record')
        .values({
          record_type: 'eligibility-verdict',
          participant_id: 'SUM-2',
          version: 1,
          data: JSON.stringify(verdict('SUM-2', 'ineligible')),
          created_by: 'coord',
          updated_by: 'coord',
        })
        .execute();
      await trx.insertInto('participant').values({ participant_id: 'SUM-3', site_id: 'SUM-A' }).execute();
      // Fails: the version must step by one (study_record_guard).
      await trx
        .updateTable('study_record')
        .set({ version: 7, data: JSON.stringify(identity('SUM-2', 'Wrong')) })
        .where('record_id', '=', id.recordId)
        .execute();
    });
    await expect(failed).rejects.toBeInstanceOf(DbError);
    expect(await stored()).toEqual(before);
    expect((await stored()).has('SUM-3')).toBe(false);

    // A stale update and a duplicate registration are refused and change nothing either.
    await expect(
      updateRecord(db.kysely, FIX, 'participant-identity', id.recordId, 3, identity('SUM-2', 'Stale')),
    ).rejects.toMatchObject({ code: 'stale-version' });
    await expect(register('SUM-2', 'SUM-B')).rejects.toMatchObject({ code: 'duplicate' });
    expect(await stored()).toEqual(before);
    await expectConsistent('the refused writes');
  });

  describe('listParticipants', () => {
    const SITES = ['LIST-A', 'LIST-B', 'LIST-C'] as const;
    const ids = Array.from({ length: 30 }, (_, i) => `L-${String(i).padStart(3, '0')}`);

    beforeAll(async () => {
      for (const [i, participantId] of ids.entries()) {
        const reg = await register(participantId, SITES[i % 3] ?? 'LIST-A', i % 2 === 0 ? 'female' : 'male');
        if (i % 5 !== 4)
          await createRecord(
            db.kysely,
            COORD,
            'participant-identity',
            identity(participantId, i === 7 ? 'Zoë 100%_sure' : `Patient ${i} Müller`),
          );
        if (i % 3 !== 2)
          await createRecord(
            db.kysely,
            COORD,
            'eligibility-verdict',
            verdict(participantId, i % 3 === 0 ? 'eligible' : 'ineligible'),
          );
        if (i % 4 === 1)
          await updateRecord(db.kysely, FIX, 'participant', reg.recordId, 1, {
            participantId,
            siteId: SITES[i % 3] ?? 'LIST-A',
            sex: i % 2 === 0 ? 'female' : 'male',
            enrolledDate: '2026-03-10',
          });
      }
    }, 60_000);

    /** The page the definition gives, filtered and ordered here in TypeScript. */
    async function expectedPage(
      filter: ParticipantFilter,
    ): Promise<{ total: number; items: ParticipantSummary[] }> {
      const q = filter.q?.trim().toLowerCase() ?? '';
      const all = [...(await expectedAll()).values()].filter(
        (p) =>
          filter.siteIds.includes(p.siteId) &&
          (filter.siteId === undefined || p.siteId === filter.siteId) &&
          (filter.sex === undefined || p.sex === filter.sex) &&
          (filter.status === undefined || p.status === filter.status) &&
          (filter.eligibility === undefined || p.eligibility === filter.eligibility) &&
          (q === '' ||
            [
              ...(filter.pseudonymsOnly === true ? [] : [p.participantId]),
              p.pseudonym,
              ...(filter.withIdentity ? [p.identity?.fullName ?? '', p.identity?.hospitalId ?? ''] : []),
            ].some((field) => field.toLowerCase().includes(q))),
      );
      const key = (p: Expected) => (filter.pseudonymsOnly === true ? p.pseudonym : p.participantId);
      all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      const items = all
        .filter((p) => filter.after === undefined || key(p) > filter.after)
        .slice(filter.offset, filter.offset + filter.limit)
        .map(({ status: _, identity: id, ...rest }) => ({
          ...rest,
          identity: filter.withIdentity ? id : undefined,
        }));
      return { total: all.length, items };
    }

    const base: ParticipantFilter = {
      siteIds: ['LIST-A', 'LIST-B'],
      withIdentity: true,
      limit: 50,
      offset: 0,
    };
    const cases: readonly [string, Partial<ParticipantFilter>][] = [
      ['everything visible', {}],
      ['one page at an offset', { limit: 4, offset: 5 }],
      ['past the last page', { limit: 4, offset: 40 }],
      ['women enrolled', { sex: 'female', status: 'enrolled' }],
      ['screening at one site', { status: 'screening', siteId: 'LIST-B' }],
      ['a site outside the scope', { siteId: 'LIST-C' }],
      ['eligible', { eligibility: 'eligible' }],
      ['search by code, any case', { q: 'l-01' }],
      ['search by name, accents kept', { q: 'MÜLLER', sex: 'male' }],
      ['search by hospital id', { q: 'h-l-02' }],
      ['search with LIKE wildcards taken literally', { q: '100%_s' }],
      ['a wildcard that matches nothing literally', { q: '%' }],
      ['search without identity finds no names', { q: 'patient', withIdentity: false }],
      ['statistician: pseudonyms, ordered by them', { pseudonymsOnly: true, withIdentity: false }],
      ['statistician: a study code finds nothing', { q: 'L-0', pseudonymsOnly: true, withIdentity: false }],
    ];
    it.each(cases)('gives what the records say: %s', async (_, change) => {
      const filter = { ...base, ...change };
      const page = await listParticipants(db.kysely, filter);
      const expected = await expectedPage(filter);
      expect(page.items).toEqual(expected.items);
      expect(page.total).toBe(expected.total);
    });

    it('finds a pseudonym by a piece of it, also for a statistician', async () => {
      const target = [...(await expectedAll()).values()].find((p) => p.participantId === 'L-010');
      const piece = target?.pseudonym.slice(4, 10).toLowerCase() ?? 'none';
      for (const pseudonymsOnly of [false, true]) {
        const page = await listParticipants(db.kysely, {
          ...base,
          q: piece,
          pseudonymsOnly,
          withIdentity: false,
        });
        expect(page.items.map((p) => p.pseudonym)).toContain(target?.pseudonym);
      }
    });

    it('walks every match with keyset pages: no gaps, no repeats, counted on the first page only', async () => {
      for (const pseudonymsOnly of [false, true]) {
        const filter: ParticipantFilter = {
          ...base,
          limit: 3,
          pseudonymsOnly,
          withIdentity: !pseudonymsOnly,
        };
        const walked: ParticipantSummary[] = [];
        let page = await listParticipants(db.kysely, filter);
        const total = page.total;
        walked.push(...page.items);
        while (page.nextAfter !== undefined) {
          page = await listParticipants(db.kysely, { ...filter, after: page.nextAfter, count: false });
          expect(page.total).toBeUndefined();
          walked.push(...page.items);
        }
        const expected = await expectedPage({ ...filter, limit: 1000 });
        expect(walked).toEqual(expected.items);
        expect(total).toBe(expected.items.length);
      }
    });
  });
});
