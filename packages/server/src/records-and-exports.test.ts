import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecord, type DbLocation, listAudit, setLock, startTestPostgres } from '@cxcr4pet/db';
import { writeExport } from '@cxcr4pet/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';

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

const DAY_MS = 86_400_000;
/** Whole days from `a` to `b` (calendar dates `YYYY-MM-DD`), by hand. */
const daysBetween = (a: string, b: string): number =>
  Math.round(
    (Date.parse(`${b.slice(0, 10)}T00:00:00Z`) - Date.parse(`${a.slice(0, 10)}T00:00:00Z`)) / DAY_MS,
  );

describe.each(BACKENDS)(
  'record deletion, the statistician’s shifted dates and audited export downloads on $name',
  (backend) => {
    let server: TestServer;
    let stop: () => Promise<void> = async () => {};
    let coordinator: Client;
    let reader: Client;
    let statistician: Client;
    beforeAll(async () => {
      const started = await backend.start();
      stop = started.stop;
      server = await startTestServer({ location: started.location });
      await seedParticipant(server.db, 'D-1', 'A');
      await seedParticipant(server.db, 'D-B', 'B');
      coordinator = await server.signIn('coordinator-a');
      reader = await server.signIn('reader-a');
      statistician = await server.signIn('statistician-a');
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await stop();
    });

    it('deletes a record as a new version with a reason, audited, by who writes its type, at their sites only', async () => {
      const labs = await coordinator.call('POST', '/api/participants/D-1/records/labs', {
        data: example.labs('D-1', 410),
      });
      const id = labs.body.recordId as string;
      const noReason = await coordinator.call('DELETE', `/api/records/${id}`, { version: 1 });
      expect(noReason.status).toBe(400);
      expect(noReason.body.field).toBe('reason');
      const stale = await coordinator.call('DELETE', `/api/records/${id}`, {
        version: 7,
        reason: 'entered twice',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale-version');
      const byReader = await reader.call('DELETE', `/api/records/${id}`, {
        version: 1,
        reason: 'entered twice',
      });
      expect(byReader.status).toBe(403);
      expect(byReader.body.message).toBe('a reader may not change labs records');

      const deleted = await coordinator.call('DELETE', `/api/records/${id}`, {
        version: 1,
        reason: 'entered twice',
      });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({
        recordId: id,
        deleted: true,
        version: 2,
        updatedBy: 'coordinator-a',
      });
      const audit = await listAudit(server.db.kysely, { entity: 'study_record', entityId: id });
      expect(audit.map((e) => [e.action, e.actor, e.reason ?? null])).toEqual([
        ['create', 'coordinator-a', null],
        ['delete', 'coordinator-a', 'entered twice'],
      ]);
      const again = await coordinator.call('DELETE', `/api/records/${id}`, { version: 2, reason: 'again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('deleted');
      const listed = await coordinator.call('GET', '/api/participants/D-1/records?type=labs');
      expect(listed.body.records.map((r: { recordId: string }) => r.recordId)).not.toContain(id);
      const withDeleted = await coordinator.call(
        'GET',
        '/api/participants/D-1/records?type=labs&includeDeleted=true',
      );
      expect(withDeleted.body.records.find((r: { recordId: string }) => r.recordId === id)?.deleted).toBe(
        true,
      );

      // A reader deletes their own visual read; another site's record does not exist for site A.
      const read = await reader.call('POST', '/api/participants/D-1/records/visual-read', {
        data: example.visualRead('D-1', 'READ-DEL'),
      });
      const readDeleted = await reader.call('DELETE', `/api/records/${read.body.recordId}`, {
        version: 1,
        reason: 'read the wrong scan',
      });
      expect(readDeleted.status).toBe(200);
      const other = await createRecord(
        server.db.kysely,
        { actor: 'test-setup' },
        'labs',
        example.labs('D-B'),
      );
      const hidden = await coordinator.call('DELETE', `/api/records/${other.recordId}`, {
        version: 1,
        reason: 'x',
      });
      expect(hidden.status).toBe(404);

      // Locked data cannot be deleted.
      const more = await createRecord(server.db.kysely, { actor: 'test-setup' }, 'labs', example.labs('D-1'));
      await setLock(server.db.kysely, { actor: 'admin-a', reason: 'interim analysis' }, true);
      try {
        const locked = await coordinator.call('DELETE', `/api/records/${more.recordId}`, {
          version: 1,
          reason: 'x',
        });
        expect(locked.status).toBe(409);
        expect(locked.body.code).toBe('locked');
      } finally {
        await setLock(server.db.kysely, { actor: 'admin-a', reason: 'analysis done' }, false);
      }
    });

    it('shows a statistician every date of a participant shifted by the pseudonymised export’s days', async () => {
      await createRecord(server.db.kysely, { actor: 'test-setup' }, 'dose', example.dose('D-1', 'fdg'));
      const out = await mkdtemp(join(tmpdir(), 'cxcr4pet-server-export-'));
      try {
        await writeExport(server.store, join(out, 'export'), { pseudonymised: true, actor: 'test' });
        const pseudonym = (await coordinator.call('GET', '/api/participants/D-1')).body.pseudonym as string;
        // The independent truth: the pseudonymised export's labs table (written and checked by the store room).
        const lines = (await readFile(join(out, 'export', 'labs.csv'), 'utf8')).trim().split('\r\n');
        const header = (lines[0] ?? '').split(',');
        const rows = lines.slice(1).map((l) => l.split(','));
        const exported = rows.find((r) => r[header.indexOf('participant_id')] === pseudonym);
        const exportedDate = exported?.[header.indexOf('sampledDate')];
        expect(exportedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

        const records = await statistician.call('GET', `/api/participants/${pseudonym}/records`);
        expect(records.status).toBe(200);
        const of = (type: string) =>
          (
            records.body.records as {
              type: string;
              participantId: string;
              createdAt: string;
              data: Record<string, unknown>;
            }[]
          ).filter((r) => r.type === type);
        const statLabs = of('labs')[0];
        expect(statLabs?.participantId).toBe(pseudonym);
        expect(statLabs?.data.sampledDate).toBe(exportedDate);
        const shift = daysBetween('2026-03-01', String(exportedDate));
        expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(shift)).toBeLessThanOrEqual(182);
        const shifted = (date: string) =>
          new Date(Date.parse(`${date}T00:00:00Z`) + shift * DAY_MS).toISOString().slice(0, 10);

        // Date-times keep their clock time and offset; every date of every record moves by the same days.
        const dose = of('dose')[0]?.data as { injectedAt: string; syringeBefore: { measuredAt: string } };
        expect(dose.injectedAt).toBe(`${shifted('2026-03-05')}T09:00:00+01:00`);
        expect(dose.syringeBefore.measuredAt).toBe(`${shifted('2026-03-05')}T08:50:00+01:00`);
        const screening = of('screening')[0]?.data as {
          screeningDate: string;
          fdgPetCtDate: { date: string };
        };
        expect(screening.screeningDate).toBe(shifted('2026-03-01'));
        expect(screening.fdgPetCtDate.date).toBe(shifted('2026-03-02'));
        // Record metadata too (entry dates would give the calendar away).
        const coordinatorLabs = (await coordinator.call('GET', '/api/participants/D-1/records?type=labs'))
          .body.records[0];
        expect(daysBetween(coordinatorLabs.createdAt, String(statLabs?.createdAt))).toBe(shift);

        // The site staff see the dates as entered.
        expect(coordinatorLabs.data.sampledDate).toBe('2026-03-01');

        // Text that carries a date (the verdict's evidence) is shifted as well; the list and the scores too.
        const verdict = await statistician.call('GET', `/api/participants/${pseudonym}/eligibility`);
        const evidence = JSON.stringify(verdict.body);
        expect(evidence).toContain(shifted('2026-03-01'));
        const scores = await statistician.call('GET', `/api/participants/${pseudonym}/scores`);
        expect(scores.body.baselineDate).toBe(shifted('2026-03-01'));
        const list = await statistician.call('GET', `/api/participants?q=${pseudonym}`);
        const coordinatorList = await coordinator.call('GET', '/api/participants?q=D-1');
        expect(daysBetween(coordinatorList.body.items[0].registeredAt, list.body.items[0].registeredAt)).toBe(
          shift,
        );
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });

    it('downloads export files of the caller’s sites only, each download audited with the hash of its bytes', async () => {
      const pseudonym = (await coordinator.call('GET', '/api/participants/D-1')).body.pseudonym as string;
      const otherPseudonym = (
        await server.db.kysely
          .selectFrom('participant_pseudonym')
          .select('pseudonym')
          .where('participant_id', '=', 'D-B')
          .executeTakeFirstOrThrow()
      ).pseudonym;
      const before = (await listAudit(server.db.kysely, { entity: 'activity' })).length;
      const labs = await statistician.send({ method: 'GET', url: '/api/exports/pseudonymised/labs.csv' });
      expect(labs.status).toBe(200);
      expect(String(labs.headers['content-type'])).toMatch(/^text\/csv/);
      expect(String(labs.headers['content-disposition'])).toBe('attachment; filename="labs.csv"');
      expect(labs.text).toContain(pseudonym);
      expect(labs.text).not.toContain('D-1');
      expect(labs.text).not.toContain(otherPseudonym);
      const csvRows = labs.text.trim().split('\r\n').length - 1;
      // The statistician's API view and the downloaded file agree on the shifted date.
      const apiLabs = (await statistician.call('GET', `/api/participants/${pseudonym}/records?type=labs`))
        .body.records;
      expect(labs.text).toContain(`,${apiLabs[0].data.sampledDate},`);

      const entries = await listAudit(server.db.kysely, { entity: 'activity' });
      expect(entries).toHaveLength(before + 1);
      const entry = entries.at(-1);
      expect(entry?.actor).toBe('statistician-a');
      const after = entry?.after as { action: string; details: Record<string, unknown> };
      expect(after.action).toBe('export.download');
      expect(after.details).toMatchObject({
        export: 'pseudonymised',
        file: 'labs.csv',
        filters: { siteIds: ['A'] },
        bytes: Buffer.byteLength(labs.text),
        sha256: createHash('sha256').update(labs.text).digest('hex'),
      });
      const tables = after.details.tables as { name: string; rows: number }[];
      expect(tables.find((t) => t.name === 'labs')?.rows).toBe(csvRows);

      const full = await coordinator.send({
        method: 'GET',
        url: '/api/exports/full/participant_identity.csv',
      });
      expect(full.status).toBe(200);
      expect(full.text).toContain('Name of D-1');
      expect(full.text).not.toContain('D-B');
      const xlsx = await coordinator.send({ method: 'GET', url: '/api/exports/full/cxcr4pet-export.xlsx' });
      expect(xlsx.status).toBe(200);
      expect(xlsx.text.slice(0, 2)).toBe('PK');
      expect((await statistician.send({ method: 'GET', url: '/api/exports/full/labs.csv' })).status).toBe(
        403,
      );
      const missing = await statistician.send({
        method: 'GET',
        url: '/api/exports/pseudonymised/nothing.csv',
      });
      expect(missing.status).toBe(404);
      expect((await listAudit(server.db.kysely, { entity: 'activity' })).length).toBe(before + 3);
    });
  },
);
