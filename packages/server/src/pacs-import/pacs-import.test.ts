import { createHash } from 'node:crypto';
import { getPacsNodeWithSecret, SEALED_PREFIX, sealPlaintextPacsSecrets } from '@cxcr4pet/db';
import { buildPetStudy, readDicomInstance } from '@cxcr4pet/dicom';
import { freePort, hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { getJob, listBlobs, listTempFiles, readBlob, runWorker } from '@cxcr4pet/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pacsNodesExtension } from '../admin-extensions/routes.ts';
import { seedParticipant } from '../test-fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../test-support.ts';
import { importPacsJob } from './import-job.ts';

const RIGHT = 'orthanc secret 7';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small phantom study (32 × 32 × 40 voxels): 40 PET + 40 CT instances, patient `PHANTOM-<seed>`. */
function phantom(seed: number) {
  const study = phantomStudyFiles({
    tracer: 'pentixafor',
    seed,
    dims: [32, 32, 40],
    spacingMm: [16, 16, 24],
  });
  const files = study.files.filter((file) => file.path.endsWith('.dcm'));
  return {
    truth: study.truth,
    files,
    bySop: new Map(files.map((f) => [readDicomInstance(f.bytes, f.path).sopInstanceUid, f])),
  };
}

describe.skipIf(!hasOrthanc)('imports from a configured PACS node (a real Orthanc)', () => {
  let server: TestServer;
  let orthanc: TestOrthanc;
  let admin: Client;
  let coordinator: Client;
  const web = phantom(11);
  const dimse = phantom(12);

  /** The store's state: index rows (SOP → sha256), blobs, temporary files. */
  const storeState = async () => ({
    rows: (
      await server.db.kysely
        .selectFrom('dicom_instance')
        .select(['sop_instance_uid', 'sha256'])
        .orderBy('sop_instance_uid')
        .execute()
    ).map((r) => `${r.sop_instance_uid}:${r.sha256}`),
    blobs: await listBlobs(server.store.dataDir),
    temp: await listTempFiles(server.store.dataDir),
  });
  const runJobs = () => runWorker(server.store, { 'import-pacs': importPacsJob }, { drain: true });

  beforeAll(async () => {
    orthanc = await startOrthanc({ CXCR4PET: await freePort() }, { users: { cxcr4pet: RIGHT } });
    const auth = { authorization: `Basic ${Buffer.from(`cxcr4pet:${RIGHT}`).toString('base64')}` };
    for (const file of [...web.files, ...dimse.files]) {
      const response = await fetch(`${orthanc.httpUrl}/instances`, {
        method: 'POST',
        body: file.bytes,
        headers: auth,
      });
      if (!response.ok) throw new Error(`upload to Orthanc failed: ${response.status}`);
    }
    server = await startTestServer({ extensions: [pacsNodesExtension] });
    await seedParticipant(server.db, 'P-A1', 'A');
    await seedParticipant(server.db, 'P-A2', 'A');
    await seedParticipant(server.db, 'P-B1', 'B');
    admin = await server.signIn('admin-a');
    coordinator = await server.signIn('coordinator-a');
    const node = (nodeId: string, settings: Record<string, unknown>, secret?: string) =>
      admin.call('POST', '/api/pacs-nodes', {
        nodeId,
        name: nodeId,
        ...settings,
        ...(secret ? { secret } : {}),
      });
    const basic = { auth: { kind: 'basic', username: 'cxcr4pet' } };
    expect((await node('orthanc', { dicomWebUrl: orthanc.dicomWebUrl, ...basic }, RIGHT)).status).toBe(201);
    expect(
      (await node('wrong-password', { dicomWebUrl: orthanc.dicomWebUrl, ...basic }, 'not it')).status,
    ).toBe(201);
    const closed = await freePort();
    expect(
      (await node('down', { dicomWebUrl: `http://127.0.0.1:${closed}/dicom-web`, auth: { kind: 'none' } }))
        .status,
    ).toBe(201);
    expect(
      (
        await node('orthanc-dimse', {
          auth: { kind: 'none' },
          dimse: {
            host: '127.0.0.1',
            port: orthanc.dicomPort,
            calledAe: orthanc.aeTitle,
            callingAe: 'CXCR4PET',
          },
        })
      ).status,
    ).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await orthanc?.stop();
  });

  it('keeps node secrets sealed in the database and opens them only with the right key', async () => {
    const row = await server.db.kysely
      .selectFrom('pacs_node_secret')
      .selectAll()
      .where('node_id', '=', 'orthanc')
      .executeTakeFirstOrThrow();
    expect(row.secret.startsWith(SEALED_PREFIX)).toBe(true);
    expect(row.secret).not.toContain(RIGHT);
    expect(row.secret).not.toContain(Buffer.from(RIGHT).toString('base64'));
    const list = await admin.call('GET', '/api/pacs-nodes');
    expect(JSON.stringify(list.body)).not.toContain(RIGHT);
    const wrongKey = { bytes: Buffer.alloc(32, 7), source: 'a test key' };
    await expect(getPacsNodeWithSecret(server.db.kysely, 'orthanc', wrongKey)).rejects.toThrow(
      "the secret of PACS node 'orthanc' cannot be decrypted with the key from a test key: it was sealed with another key",
    );
    // A secret written before sealing existed (plain text) is sealed by the server at start.
    await server.db.kysely
      .insertInto('pacs_node_secret')
      .values({ node_id: 'down', secret: 'legacy plain' })
      .execute();
    const key = { bytes: Buffer.alloc(32, 9), source: 'another test key' };
    expect(await sealPlaintextPacsSecrets(server.db.kysely, key)).toBe(1);
    expect(await sealPlaintextPacsSecrets(server.db.kysely, key)).toBe(0);
    expect((await getPacsNodeWithSecret(server.db.kysely, 'down', key))?.secret).toBe('legacy plain');
    await server.db.kysely.deleteFrom('pacs_node_secret').where('node_id', '=', 'down').execute();
  });

  it('lists the active nodes to site staff without settings', async () => {
    const nodes = await coordinator.call('GET', '/api/pacs/nodes');
    expect(nodes.status).toBe(200);
    expect(nodes.body.nodes).toContainEqual({ nodeId: 'orthanc', name: 'orthanc', protocol: 'dicomweb' });
    expect(nodes.body.nodes).toContainEqual({
      nodeId: 'orthanc-dimse',
      name: 'orthanc-dimse',
      protocol: 'dimse',
    });
    expect(JSON.stringify(nodes.body)).not.toContain(orthanc.dicomWebUrl);
  });

  it('searches a DICOMweb node, imports chosen series byte for byte, and a second import changes nothing', async () => {
    const found = await coordinator.call(
      'GET',
      `/api/participants/P-A1/pacs/orthanc/studies?patientId=PHANTOM-11&modality=PT`,
    );
    expect(found.status).toBe(200);
    expect(found.body.studies).toHaveLength(1);
    expect(found.body.studies[0]).toMatchObject({
      studyInstanceUid: web.truth.series.studyInstanceUid,
      patientId: 'PHANTOM-11',
    });
    // A date range that excludes the study finds nothing.
    const none = await coordinator.call(
      'GET',
      '/api/participants/P-A1/pacs/orthanc/studies?patientId=PHANTOM-11&dateFrom=1990-01-01&dateTo=1990-12-31',
    );
    expect(none.body.studies).toEqual([]);
    const series = await coordinator.call(
      'GET',
      `/api/participants/P-A1/pacs/orthanc/studies/${web.truth.series.studyInstanceUid}/series`,
    );
    expect(series.status).toBe(200);
    expect(series.body.series.map((s: { modality: string }) => s.modality).sort()).toEqual(['CT', 'PT']);
    expect(
      series.body.series.every(
        (s: { instanceCount: number; storedInstances: number }) =>
          s.instanceCount === 40 && s.storedInstances === 0,
      ),
    ).toBe(true);

    const chosen = series.body.series.map((s: { studyInstanceUid: string; seriesInstanceUid: string }) => ({
      studyInstanceUid: s.studyInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
    }));
    const queued = await coordinator.call('POST', '/api/participants/P-A1/pacs-imports', {
      nodeId: 'orthanc',
      series: chosen,
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ kind: 'import-pacs', state: 'queued', participantId: 'P-A1' });
    await runJobs();
    const job = await getJob(server.db.kysely, queued.body.jobId);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({
      state: 'succeeded',
      result: { instancesAdded: 80, instancesAlreadyStored: 0, nodeId: 'orthanc' },
    });
    // Every stored instance is the uploaded file, byte for byte (SHA-256 of the blob against the original).
    const rows = await server.db.kysely
      .selectFrom('dicom_instance')
      .selectAll()
      .where('participant_id', '=', 'P-A1')
      .execute();
    expect(rows).toHaveLength(80);
    for (const row of rows) {
      const original = web.bySop.get(row.sop_instance_uid);
      expect(original, row.sop_instance_uid).toBeDefined();
      expect(sha(await readBlob(server.store.dataDir, row.sha256))).toBe(
        sha(original?.bytes ?? new Uint8Array()),
      );
      expect(row).toMatchObject({ job_id: queued.body.jobId, imported_by: 'coordinator-a' });
    }
    const after = await storeState();
    expect(after.temp).toEqual([]);

    const again = await coordinator.call('POST', '/api/participants/P-A1/pacs-imports', {
      nodeId: 'orthanc',
      series: chosen,
    });
    await runJobs();
    expect(await getJob(server.db.kysely, again.body.jobId)).toMatchObject({
      state: 'succeeded',
      result: { instancesAdded: 0, instancesAlreadyStored: 80 },
    });
    expect(await storeState()).toEqual(after);
    const stored = await coordinator.call(
      'GET',
      `/api/participants/P-A1/pacs/orthanc/studies/${web.truth.series.studyInstanceUid}/series`,
    );
    expect(stored.body.series.map((s: { storedInstances: number }) => s.storedInstances)).toEqual([40, 40]);
  }, 120_000);

  it('searches and imports over DIMSE (C-FIND, C-GET): the same PET volume as the original files', async () => {
    const found = await coordinator.call(
      'GET',
      '/api/participants/P-A2/pacs/orthanc-dimse/studies?patientId=PHANTOM-12',
    );
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      protocol: 'dimse',
      studies: [{ studyInstanceUid: dimse.truth.series.studyInstanceUid }],
    });
    const series = await coordinator.call(
      'GET',
      `/api/participants/P-A2/pacs/orthanc-dimse/studies/${dimse.truth.series.studyInstanceUid}/series`,
    );
    expect(series.body.series).toHaveLength(2);
    const chosen = series.body.series.map((s: { studyInstanceUid: string; seriesInstanceUid: string }) => ({
      studyInstanceUid: s.studyInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
    }));
    const queued = await coordinator.call('POST', '/api/participants/P-A2/pacs-imports', {
      nodeId: 'orthanc-dimse',
      series: chosen,
    });
    await runJobs();
    const job = await getJob(server.db.kysely, queued.body.jobId);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ instancesAdded: 80 });
    const rows = await server.db.kysely
      .selectFrom('dicom_instance')
      .select(['sop_instance_uid', 'sha256'])
      .where('participant_id', '=', 'P-A2')
      .execute();
    expect(new Set(rows.map((r) => r.sop_instance_uid))).toEqual(new Set(dimse.bySop.keys()));
    // DIMSE carries datasets, not files: the stored files are re-encoded, and build the identical PET volume.
    const storedFiles = await Promise.all(
      rows.map(async (r) => ({
        name: r.sop_instance_uid,
        bytes: await readBlob(server.store.dataDir, r.sha256),
      })),
    );
    const [a, b] = [
      await buildPetStudy(storedFiles.map((f) => readDicomInstance(f.bytes, f.name))),
      await buildPetStudy(dimse.files.map((f) => readDicomInstance(f.bytes, f.path))),
    ];
    expect(Buffer.from(a.pet.volume.data.buffer).equals(Buffer.from(b.pet.volume.data.buffer))).toBe(true);
    const before = await storeState();
    const again = await coordinator.call('POST', '/api/participants/P-A2/pacs-imports', {
      nodeId: 'orthanc-dimse',
      series: chosen,
    });
    await runJobs();
    expect((await getJob(server.db.kysely, again.body.jobId)).result).toMatchObject({
      instancesAdded: 0,
      instancesAlreadyStored: 80,
    });
    expect(await storeState()).toEqual(before);
  }, 120_000);

  it('gives clear errors for a node that is down, a refused password and an unknown series, and leaves the store as it was', async () => {
    const before = await storeState();
    const down = await coordinator.call(
      'GET',
      '/api/participants/P-A1/pacs/down/studies?patientId=PHANTOM-11',
    );
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('pacs-unreachable');
    expect(down.body.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies/);
    const refused = await coordinator.call(
      'GET',
      '/api/participants/P-A1/pacs/wrong-password/studies?patientId=PHANTOM-11',
    );
    expect(refused.status).toBe(502);
    expect(refused.body.code).toBe('pacs-http-status');
    expect(refused.body.message).toMatch(/answered 401 Unauthorized/);
    expect(refused.body.message).not.toContain('not it');
    const unknownNode = await coordinator.call('GET', '/api/participants/P-A1/pacs/nope/studies?patientId=X');
    expect(unknownNode).toMatchObject({
      status: 404,
      body: { code: 'pacs-not-found', message: "PACS node 'nope' is not configured" },
    });
    const unbounded = await coordinator.call('GET', '/api/participants/P-A1/pacs/orthanc/studies');
    expect(unbounded.status).toBe(400);

    const study = web.truth.series.studyInstanceUid;
    const jobs = [
      await coordinator.call('POST', '/api/participants/P-A1/pacs-imports', {
        nodeId: 'orthanc',
        series: [{ studyInstanceUid: study, seriesInstanceUid: '1.2.3.999' }],
      }),
      await coordinator.call('POST', '/api/participants/P-A1/pacs-imports', {
        nodeId: 'wrong-password',
        series: [{ studyInstanceUid: study, seriesInstanceUid: web.truth.series.petSeriesInstanceUid }],
      }),
    ];
    expect(jobs.map((j) => j.status)).toEqual([202, 202]);
    await runJobs();
    const [unknown, refusedJob] = await Promise.all(jobs.map((j) => getJob(server.db.kysely, j.body.jobId)));
    expect(unknown).toMatchObject({ state: 'failed' });
    expect(unknown?.error).toBe(
      `series 1.2.3.999 of study ${study} is not on PACS node 'orthanc' [not-found]`,
    );
    expect(refusedJob).toMatchObject({ state: 'failed' });
    expect(refusedJob?.error).toMatch(/answered 401 Unauthorized.*\[http-status\]$/);
    expect(await storeState()).toEqual(before);
  }, 120_000);

  it('refuses other roles and other sites', async () => {
    const reader = await server.signIn('reader-a');
    expect(
      (await reader.call('GET', '/api/participants/P-A1/pacs/orthanc/studies?patientId=PHANTOM-11')).status,
    ).toBe(403);
    expect(
      (await coordinator.call('GET', '/api/participants/P-B1/pacs/orthanc/studies?patientId=PHANTOM-11'))
        .status,
    ).toBe(404);
  });
});
