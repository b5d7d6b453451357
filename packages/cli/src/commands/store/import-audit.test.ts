import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRecord, createSite } from '@cxcr4pet/db';
import { openStore } from '@cxcr4pet/store';
import { tempDataDir, writeTinyStudy } from '@cxcr4pet/store/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';

// `import` and `audit verify` end to end on the embedded database in a data folder, as a user runs them.
describe('cxcr4pet import and audit verify', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let study: Awaited<ReturnType<typeof writeTinyStudy>>;

  beforeAll(async () => {
    data = await tempDataDir();
    study = await writeTinyStudy(11);
    const store = await openStore(data.dir, {});
    await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
    await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
      participantId: 'P-001',
      siteId: 'S1',
      sex: 'female',
    });
    await store.close();
  }, 60_000);

  afterAll(async () => {
    await data?.remove();
    await study?.remove();
  });

  it('imports a folder once, reports the series, and changes nothing the second time', async () => {
    const first = await cli(
      'import',
      study.folder,
      '--participant',
      'P-001',
      '--data',
      data.dir,
      '--actor',
      'ana',
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^imported 48 new instances for participant P-001 \(0 already stored\), job [0-9a-f-]{36}\n/,
    );
    expect(first.stdout).toContain(`PT     24  ${study.truth.series.petSeriesInstanceUid}`);
    expect(first.stdout).toContain('warning: skipped truth.json: not a DICOM file');
    expect(first.stderr).toContain('import: storing 48/48 files');
    const second = await cli('import', study.folder, '--participant', 'P-001', '--data', data.dir);
    expect(second.stdout).toMatch(/^imported 0 new instances for participant P-001 \(48 already stored\)/);
  }, 60_000);

  it('refuses an unknown participant and a missing folder in one line', async () => {
    const unknown = await cli('import', study.folder, '--participant', 'P-404', '--data', data.dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.split('\n').at(-2)).toBe(
      'cxcr4pet import: participant P-404 does not exist [participant-not-found]',
    );
    const missing = await cli('import', '/no/such/folder', '--participant', 'P-001', '--data', data.dir);
    expect(missing.stderr).toBe(
      'cxcr4pet import: folder /no/such/folder does not exist [folder-not-found]\n',
    );
    const usage = await cli('import', study.folder, '--data', data.dir);
    expect(usage.code).toBe(2);
  }, 60_000);

  it('reports an intact chain, then the first entry whose content was changed behind its back', async () => {
    const intact = await cli('audit', 'verify', '--data', data.dir);
    // 1 site + 1 participant (table row) + 1 participant record + 48 instances.
    expect(intact).toEqual({
      code: 0,
      stdout: 'audit trail intact: 51 entries, each chained to the one before (SHA-256)\n',
      stderr: '',
    });
    // A superuser switches the append-only guard off and rewrites who imported entry 10.
    const store = await openStore(data.dir, {});
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(store.db.kysely);
    await sql`update audit_log set actor = 'mallory' where seq = 10`.execute(store.db.kysely);
    await store.close();
    const broken = await cli('audit', 'verify', '--data', data.dir);
    expect(broken).toEqual({
      code: 1,
      stdout: 'audit trail broken at entry 10: its content does not match its hash\n',
      stderr: '',
    });
  }, 60_000);

  it('exports the study pseudonymised, and refuses a folder that is not empty', async () => {
    const out = join(data.dir, 'export-for-statistics');
    const result = await cli('export', '--out', out, '--pseudonymised', '--data', data.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote pseudonymised export of \d+ tables to /);
    expect(result.stdout).toMatch(/\n {2}imaging_series +2 rows {2}7 columns\n/);
    const series = await readFile(join(out, 'imaging_series.csv'), 'utf8');
    expect(series.split('\r\n')[0]).toBe(
      'participant_id,study_instance_uid,series_instance_uid,modality,series_description,instances,first_imported_at',
    );
    expect(series).not.toContain('P-001');
    expect(series).not.toContain('PHANTOM-11');
    const again = await cli('export', '--out', out, '--data', data.dir);
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `cxcr4pet export: export folder ${out} exists and is not empty: choose a new folder [export-target]\n`,
    });
  }, 60_000);

  it('queues an analysis of a stored series, which the worker runs and jobs lists', async () => {
    const pet = study.truth.series.petSeriesInstanceUid;
    const typo = await cli(
      'jobs',
      'analyse',
      '--series',
      pet,
      '--data',
      data.dir,
      '--',
      '--segment',
      'sov:4',
    );
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toMatch(/^cxcr4pet jobs: .*sov:4.*\n$/);
    const ct = await cli(
      'jobs',
      'analyse',
      '--series',
      study.truth.series.ctSeriesInstanceUid,
      '--data',
      data.dir,
    );
    expect(ct.stderr).toMatch(/is CT, not PET/);
    const queued = await cli(
      'jobs',
      'analyse',
      '--series',
      pet,
      '--data',
      data.dir,
      '--',
      '--segment',
      'suv:3',
    );
    expect(queued.stdout).toMatch(new RegExp(`^queued analyse-series job ([0-9a-f-]{36}) for series ${pet}`));
    const jobId = /job ([0-9a-f-]{36})/.exec(queued.stdout)?.[1];
    const worker = await cli('worker', '--drain', '--data', data.dir);
    expect(worker.stdout).toMatch(
      new RegExp(
        `^job ${jobId} analyse-series succeeded \\(attempt 1\\): \\{"analysisId":"[0-9a-f-]{36}"\\}\\n$`,
      ),
    );
    const list = await cli('jobs', '--data', data.dir);
    expect(list.stdout).toContain(`${jobId}  analyse-series succeeded attempt 1/3 analysing 1/1`);
    expect(list.stdout.match(/import-folder +succeeded/g), list.stdout).toHaveLength(2);
  }, 60_000);
});
