import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type DbLocation, listAudit, startTestPostgres } from '@cxcr4pet/db';
import {
  blobPath,
  claimJob,
  importFolderJob,
  listBlobs,
  listTempFiles,
  newWorkerId,
  runJob,
  sha256Hex,
} from '@cxcr4pet/store';
import { writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from './test-support.ts';

/** A multipart/form-data body holding `files` (name → bytes), built by hand as a browser sends it. */
export function multipartBody(files: readonly { name: string; bytes: Uint8Array }[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----cxcr4pet${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/dicom\r\n\r\n',
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Every file of a folder (recursively) as name → bytes, sorted by name. */
async function filesOf(folder: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = [];
  for (const e of entries.filter((x) => x.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1)))
    files.push({ name: e.name, bytes: new Uint8Array(await readFile(join(e.parentPath, e.name))) });
  return files;
}

/** Reads a text/event-stream body into its events. */
function parseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
}

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

describe.each(BACKENDS)('DICOM upload, server-side import and jobs on $name', (backend) => {
  let server: TestServer;
  let stop: () => Promise<void> = async () => {};
  let coordinator: Client;
  let admin: Client;
  let reader: Client;
  let study: Awaited<ReturnType<typeof writeTinyStudy>>;
  let files: { name: string; bytes: Uint8Array }[];
  const dicomFiles = () => files.filter((f) => f.name.endsWith('.dcm'));
  const instanceCount = async (participantId: string): Promise<number> =>
    Number(
      (
        await server.db.kysely
          .selectFrom('dicom_instance')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('participant_id', '=', participantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const started = await backend.start();
    stop = started.stop;
    server = await startTestServer({
      location: started.location,
      config: { uploadFileLimitBytes: 200_000, jobEventsPollMs: 20 },
      // Stands in for `analyze`'s option parser (the CLI wires the real one; its test queues through it).
      checkAnalyseArguments: (args) => {
        const bad = args.find((a) => a.startsWith('--') && !['--segment', '--suv'].includes(a));
        if (bad !== undefined) throw new Error(`unknown option '${bad}'`);
      },
    });
    for (const [id, site] of [
      ['P-1', 'A'],
      ['P-2', 'A'],
      ['P-3', 'A'],
      ['P-B', 'B'],
    ] as const)
      await seedParticipant(server.db, id, site);
    coordinator = await server.signIn('coordinator-a');
    admin = await server.signIn('admin-a');
    reader = await server.signIn('reader-a');
    study = await writeTinyStudy(11);
    files = await filesOf(study.folder);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await stop();
    if (study !== undefined) await rm(study.folder, { recursive: true, force: true });
  });

  it('stores an uploaded study byte for byte under its SHA-256, indexed and audited; a second upload adds nothing', async () => {
    const body = multipartBody(dicomFiles());
    const first = await coordinator.send({ method: 'POST', url: '/api/participants/P-1/dicom', ...body });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({
      participantId: 'P-1',
      files: study.dicomFiles,
      instancesAdded: study.dicomFiles,
      instancesAlreadyStored: 0,
    });
    expect(first.body.series.map((s: { modality: string }) => s.modality).sort()).toEqual(['CT', 'PT']);
    // Independent truth: the files as written by the phantom, hashed here.
    for (const file of dicomFiles()) {
      const sha = sha256Hex(file.bytes);
      expect(
        Buffer.compare(await readFile(blobPath(server.store.dataDir, sha)), Buffer.from(file.bytes)),
      ).toBe(0);
    }
    expect(await instanceCount('P-1')).toBe(study.dicomFiles);
    const audit = await listAudit(server.db.kysely, { entity: 'dicom_instance' });
    expect(audit.filter((e) => e.actor === 'coordinator-a')).toHaveLength(study.dicomFiles);

    const again = await coordinator.send({ method: 'POST', url: '/api/participants/P-1/dicom', ...body });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ instancesAdded: 0, instancesAlreadyStored: study.dicomFiles });
    expect(await instanceCount('P-1')).toBe(study.dicomFiles);
    expect(await listTempFiles(server.store.dataDir)).toEqual([]);

    const series = await reader.call('GET', '/api/participants/P-1/series');
    expect(series.status).toBe(200);
    const pet = series.body.series.find((s: { modality: string }) => s.modality === 'PT');
    expect(pet.instances).toBe(dicomFiles().length / 2);
  });

  it('takes one file as application/dicom, named by Content-Disposition', async () => {
    const single = await writeTinyStudy(15, [8, 8, 2]);
    const [file] = (await filesOf(single.folder)).filter((f) => f.name.endsWith('.dcm'));
    await rm(single.folder, { recursive: true, force: true });
    if (file === undefined) throw new Error('no file');
    const r = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-2/dicom',
      headers: {
        'content-type': 'application/dicom',
        'content-disposition': 'attachment; filename="one.dcm"',
      },
      payload: Buffer.from(file.bytes),
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ files: 1, instancesAdded: 1 });
    const row = await server.db.kysely
      .selectFrom('dicom_instance')
      .select(['source_name', 'sha256'])
      .where('participant_id', '=', 'P-2')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ source_name: 'one.dcm', sha256: sha256Hex(file.bytes) });
  });

  it('refuses a whole upload for one bad file, naming it and the reason, and writes nothing', async () => {
    const blobsBefore = (await listBlobs(server.store.dataDir)).length;
    const good = dicomFiles().slice(0, 3);
    const [firstGood] = good;
    if (firstGood === undefined) throw new Error('no file');
    const notDicom = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-3/dicom',
      ...multipartBody([...good, { name: 'notes.txt', bytes: new TextEncoder().encode('not an image') }]),
    });
    expect(notDicom.status).toBe(400);
    expect(notDicom.body.code).toBe('not-dicom');
    expect(notDicom.body.message).toContain('notes.txt');

    const truncated = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-3/dicom',
      ...multipartBody([...good, { name: 'cut.dcm', bytes: firstGood.bytes.slice(0, 700) }]),
    });
    expect(truncated.status).toBe(400);
    expect(truncated.body.message).toContain('cut.dcm');

    const conflict = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-3/dicom',
      ...multipartBody(good),
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('participant-conflict');
    expect(conflict.body.message).toMatch(/already stored for participant P-1/);

    const big = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-3/dicom',
      ...multipartBody([{ name: 'huge.dcm', bytes: new Uint8Array(300_000) }]),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'too-large' });
    expect(big.body.message).toContain('huge.dcm');

    const empty = await coordinator.send({
      method: 'POST',
      url: '/api/participants/P-3/dicom',
      ...multipartBody([]),
    });
    expect(empty.status).toBe(400);

    expect(await instanceCount('P-3')).toBe(0);
    expect((await listBlobs(server.store.dataDir)).length).toBe(blobsBefore);
    expect(await listTempFiles(server.store.dataDir)).toEqual([]);
  });

  it('queues a server-side folder import (admin), streams its progress as events, and shows the result', async () => {
    const missing = await admin.call('POST', '/api/participants/P-3/imports', { folder: '/nonexistent/x' });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('folder');
    const other = await writeTinyStudy(12);
    try {
      // The folder holds the study and one non-DICOM file (truth.json): skipped with a warning, as `import` does.
      const queued = await admin.call('POST', '/api/participants/P-3/imports', { folder: other.folder });
      expect(queued.status).toBe(202);
      expect(queued.body).toMatchObject({ kind: 'import-folder', state: 'queued', participantId: 'P-3' });
      const jobId = queued.body.jobId as string;
      const listed = await coordinator.call('GET', '/api/jobs?state=queued');
      expect(listed.body.items.map((j: { jobId: string }) => j.jobId)).toContain(jobId);

      const events = coordinator.send({ method: 'GET', url: `/api/jobs/${jobId}/events` });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const workerId = newWorkerId();
      const claimed = await claimJob(server.db.kysely, workerId, { leaseMs: 30_000, jobId });
      if (claimed === undefined) throw new Error('job not claimed');
      await new Promise((resolve) => setTimeout(resolve, 150));
      const done = await runJob(server.store, claimed, { 'import-folder': importFolderJob }, { workerId });
      expect(done.state).toBe('succeeded');
      const stream = await events;
      expect(stream.status).toBe(200);
      expect(String(stream.headers['content-type'])).toMatch(/^text\/event-stream/);
      const parsed = parseEvents(stream.text);
      expect(parsed.slice(0, 2).map((e) => e.data.state)).toEqual(['queued', 'running']);
      expect(parsed.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
      expect(parsed.at(-1)).toMatchObject({
        event: 'end',
        data: {
          state: 'succeeded',
          result: { instancesAdded: other.dicomFiles, warnings: ['skipped truth.json: not a DICOM file'] },
        },
      });
      expect(await instanceCount('P-3')).toBe(other.dicomFiles);
      // Who queued it is the actor of what the job wrote, and the queueing itself is audited.
      const audit = await listAudit(server.db.kysely, { entity: 'dicom_instance' });
      expect(audit.filter((e) => e.actor === 'admin-a')).toHaveLength(other.dicomFiles);
      const activity = await listAudit(server.db.kysely, { entity: 'activity' });
      expect(activity.map((e) => e.after)).toContainEqual(
        expect.objectContaining({ action: 'job.queue', participant_id: 'P-3', actor: 'admin-a' }),
      );
    } finally {
      await rm(other.folder, { recursive: true, force: true });
    }
  });

  it('queues an analysis of a stored PET series with checked options, and cancels jobs (a running one is rolled back)', async () => {
    const series = (await reader.call('GET', '/api/participants/P-1/series')).body.series as {
      seriesInstanceUid: string;
      modality: string;
    }[];
    const pet = series.find((s) => s.modality === 'PT')?.seriesInstanceUid ?? '';
    const ct = series.find((s) => s.modality === 'CT')?.seriesInstanceUid ?? '';
    const queue = (body: unknown) => reader.call('POST', '/api/participants/P-1/analyses', body);
    expect((await queue({ seriesInstanceUid: '1.2.3.4', arguments: [] })).status).toBe(404);
    const notPet = await queue({ seriesInstanceUid: ct, arguments: [] });
    expect(notPet.status).toBe(400);
    expect(notPet.body.message).toContain('not PET');
    const badOption = await queue({ seriesInstanceUid: pet, arguments: ['--segmnet', 'suv:4'] });
    expect(badOption.status).toBe(400);
    expect(badOption.body).toMatchObject({ field: 'arguments' });
    expect(badOption.body.message).toContain("unknown option '--segmnet'");
    // The series is P-1's: asking for it under another participant of the site is not found.
    expect(
      (await reader.call('POST', '/api/participants/P-2/analyses', { seriesInstanceUid: pet })).status,
    ).toBe(404);

    const queued = await queue({ seriesInstanceUid: pet, arguments: ['--segment', 'suv:4'] });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      kind: 'analyse-series',
      state: 'queued',
      payload: { seriesInstanceUid: pet, arguments: ['--segment', 'suv:4'] },
    });
    const cancelled = await reader.call('POST', `/api/jobs/${queued.body.jobId}/cancel`, {
      reason: 'wrong threshold',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      cancelledBy: 'reader-a',
      cancelReason: 'wrong threshold',
    });
    const twice = await reader.call('POST', `/api/jobs/${queued.body.jobId}/cancel`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('job-finished');
    // A cancelled job is never claimed.
    expect(
      await claimJob(server.db.kysely, newWorkerId(), { leaseMs: 30_000, jobId: queued.body.jobId }),
    ).toBeUndefined();

    // A running import cancelled before its commit: the worker's commit is refused, nothing indexed.
    const third = await writeTinyStudy(13);
    try {
      const job = await admin.call('POST', '/api/participants/P-2/imports', { folder: third.folder });
      const workerId = newWorkerId();
      const claimed = await claimJob(server.db.kysely, workerId, { leaseMs: 30_000, jobId: job.body.jobId });
      if (claimed === undefined) throw new Error('job not claimed');
      expect(
        (await admin.call('POST', `/api/jobs/${claimed.jobId}/cancel`, { reason: 'wrong participant' }))
          .status,
      ).toBe(200);
      const ended = await runJob(server.store, claimed, { 'import-folder': importFolderJob }, { workerId });
      expect(ended).toMatchObject({ state: 'cancelled', cancelledBy: 'admin-a' });
      expect(await instanceCount('P-2')).toBe(1);
    } finally {
      await rm(third.folder, { recursive: true, force: true });
    }
    const reasons = (await listAudit(server.db.kysely, { entity: 'activity' }))
      .map((e) => e.after as { action: string; details: { reason?: string } })
      .filter((a) => a.action === 'job.cancel')
      .map((a) => a.details.reason);
    expect(reasons).toEqual(['wrong threshold', 'wrong participant']);
  });

  it('describes the upload body and the job routes in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const upload = doc.paths['/api/participants/{participantId}/dicom'].post;
    expect(Object.keys(upload.requestBody.content).sort()).toEqual([
      'application/dicom',
      'multipart/form-data',
    ]);
    for (const path of [
      '/api/jobs',
      '/api/jobs/{jobId}',
      '/api/jobs/{jobId}/events',
      '/api/jobs/{jobId}/cancel',
    ])
      expect(doc.paths[path], path).toBeDefined();
  });

  it('shows jobs of the caller’s sites only', async () => {
    const b = await writeTinyStudy(14);
    try {
      const signInB = await server.signIn('admin-a');
      // admin-a is at site A only: a participant of B does not exist for them.
      expect((await signInB.call('POST', '/api/participants/P-B/imports', { folder: b.folder })).status).toBe(
        404,
      );
      const { enqueueJob } = await import('@cxcr4pet/store');
      const hidden = await enqueueJob(server.db.kysely, {
        kind: 'import-folder',
        payload: { folder: b.folder, participantId: 'P-B' },
        createdBy: 'test-setup',
      });
      const all = await coordinator.call('GET', '/api/jobs?limit=200');
      expect(all.body.items.length).toBeGreaterThan(0);
      expect(all.body.items.every((j: { participantId: string }) => j.participantId !== 'P-B')).toBe(true);
      expect((await coordinator.call('GET', `/api/jobs/${hidden}`)).status).toBe(404);
      expect((await coordinator.call('GET', `/api/jobs/${hidden}/events`)).status).toBe(404);
    } finally {
      await rm(b.folder, { recursive: true, force: true });
    }
  });
});
