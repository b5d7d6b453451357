import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createPacsNode,
  createUser,
  getUser,
  participantSite,
  ROLES,
  type Role,
  raiseQuery,
  withChange,
} from '@cxcr4pet/db';
import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { cancelJob, enqueueJob, importFolder, insertAnalysis } from '@cxcr4pet/store';
import { writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from './policy.ts';
import { example, seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, type TestServer, userOf } from './test-support.ts';

/**
 * The authorisation matrix: every operation × every role × a participant of the caller's own site
 * (A) and of another site (B). The expected outcome is written out by hand below, from the issue's
 * rules — not derived from `POLICY` — so that a wrong policy entry fails here.
 *   ok        2xx
 *   forbidden 403 (the role may not do this; or, for a body naming a site, not at that site)
 *   hidden    404 (the participant / record / query is at a site that is not the caller's)
 * For operations not tied to a participant, "other" is the same call aimed at site B where that
 * makes sense (a site filter, a registration at B) and the same call otherwise.
 */
type Outcome = 'ok' | 'forbidden' | 'hidden';
type Site = 'own' | 'other';
const R: readonly Role[] = ['admin', 'investigator', 'coordinator', 'reader', 'statistician', 'monitor'];

/** `row('YYNNNN')`: Y = allowed (own ok, other hidden for participant-bound operations), N = forbidden. */
function row(allowed: string, otherWhenAllowed: Outcome): Record<Role, Record<Site, Outcome>> {
  return Object.fromEntries(
    R.map((role, i) => [
      role,
      allowed[i] === 'Y' ? { own: 'ok', other: otherWhenAllowed } : { own: 'forbidden', other: 'forbidden' },
    ]),
  ) as Record<Role, Record<Site, Outcome>>;
}

//                                  adm inv coo rea sta mon
const EXPECTED = {
  'auth.me': row('YYYYYY', 'ok'),
  'auth.logout': row('YYYYYY', 'ok'),
  'lock.read': row('YYYYYY', 'ok'),
  'lock.set': row('YNNNNN', 'ok'),
  'sites.list': row('YYYYYY', 'ok'),
  'sites.create': row('YNNNNN', 'ok'),
  'users.list': row('YNNNNN', 'ok'),
  'users.create': row('YNNNNN', 'ok'),
  'users.update': row('YNNNNN', 'ok'),
  'audit.list': row('YNNNNY', 'ok'),
  'participants.list': row('YYYYYY', 'ok'),
  'participants.create': row('NYYNNN', 'forbidden'),
  'participants.read': row('YYYYYY', 'hidden'),
  'records.list': row('YYYYYY', 'hidden'),
  // Several participants by `ids`: another site's are absent from the answer (checked below), not a 404.
  'records.listMany': row('YYYYYY', 'ok'),
  'records.read': row('YYYYYY', 'hidden'),
  'records.read (identity)': row('NYYNNN', 'hidden'),
  'records.create (labs)': row('NYYNNN', 'hidden'),
  'records.create (visual-read)': row('NNNYNN', 'hidden'),
  'records.create (identity)': row('NYYNNN', 'hidden'),
  'records.update (labs)': row('NYYNNN', 'hidden'),
  'records.delete (labs)': row('NYYNNN', 'hidden'),
  'records.delete (visual-read)': row('NNNYNN', 'hidden'),
  'eligibility.preview': row('NYYNYY', 'hidden'),
  'eligibility.assess': row('NYYNNN', 'hidden'),
  'scores.read': row('NYYNYY', 'hidden'),
  'queries.list': row('NYYNNY', 'hidden'),
  'queries.raise': row('NNNNNY', 'hidden'),
  'queries.answer': row('NYYNNN', 'hidden'),
  'queries.close': row('NNNNNY', 'hidden'),
  'dicom.upload': row('NYYNNN', 'hidden'),
  'dicom.import': row('YNNNNN', 'hidden'),
  'series.list': row('YYYYNN', 'hidden'),
  'analyses.queue': row('NYYYNN', 'hidden'),
  'jobs.list': row('YYYYNN', 'ok'),
  'jobs.read': row('YYYYNN', 'hidden'),
  'jobs.events': row('YYYYNN', 'hidden'),
  'jobs.cancel': row('YYYYNN', 'hidden'),
  'exports.full': row('NYYNNN', 'ok'),
  'exports.pseudonymised': row('NYYNYN', 'ok'),
  'pacs.nodes': row('YYYNNN', 'ok'),
  'pacs.search': row('YYYNNN', 'hidden'),
  'pacs.import': row('YYYNNN', 'hidden'),
  'pacs.send': row('YYYYNN', 'hidden'),
} as const;
// records.read (identity) for a role that may read records but not identifying ones is 403 even at
// its own site; at the other site the record is hidden first. Patch those cells by hand:
const IDENTITY_READ: Record<Role, Record<Site, Outcome>> = {
  admin: { own: 'forbidden', other: 'hidden' },
  investigator: { own: 'ok', other: 'hidden' },
  coordinator: { own: 'ok', other: 'hidden' },
  reader: { own: 'forbidden', other: 'hidden' },
  statistician: { own: 'forbidden', other: 'hidden' },
  monitor: { own: 'forbidden', other: 'hidden' },
};

// records.delete names the record, not its type: a role that may delete records but not this type
// (a reader and labs, site staff and visual reads) is refused at its own site and, at the other site,
// finds no record first.
const DELETE_PATCH: Partial<Record<string, Partial<Record<Role, Record<Site, Outcome>>>>> = {
  'records.delete (labs)': { reader: { own: 'forbidden', other: 'hidden' } },
  'records.delete (visual-read)': {
    investigator: { own: 'forbidden', other: 'hidden' },
    coordinator: { own: 'forbidden', other: 'hidden' },
  },
};

type Case = keyof typeof EXPECTED;
type Request = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  /** Sent as is, with its own headers (an upload; a response that is not JSON: server-sent events). */
  raw?: { headers: Record<string, string>; payload?: Buffer };
};

describe('the authorisation matrix: every operation × role × own/other site', () => {
  let server: TestServer;
  const clients = new Map<Role, Client>();
  const ids: Record<Site, { participantId: string; pseudonym: string; labs: string; identity: string }> = {
    own: { participantId: 'M-A1', pseudonym: '', labs: '', identity: '' },
    other: { participantId: 'M-B1', pseudonym: '', labs: '', identity: '' },
  };
  let study: Awaited<ReturnType<typeof writeTinyStudy>>;
  let petFile = Buffer.alloc(0);
  let petSeries = '';
  let counter = 0;
  const unique = (prefix: string): string => `${prefix}${++counter}`;
  // A PACS search needs a PACS that answers: a real Orthanc when installed (else those cells are skipped).
  let orthanc: TestOrthanc | undefined;
  let analysisId = '';

  beforeAll(async () => {
    server = await startTestServer({ checkAnalyseArguments: () => {} });
    if (hasOrthanc) orthanc = await startOrthanc();
    await createPacsNode(
      server.db.kysely,
      { actor: 'test-setup' },
      'matrix-pacs',
      {
        name: 'Matrix PACS',
        dicomWebUrl: orthanc?.dicomWebUrl ?? 'http://127.0.0.1:9/dicom-web',
        auth: { kind: 'none' },
      },
      undefined,
      { bytes: randomBytes(32), source: 'a test key' },
    );
    for (const site of ['own', 'other'] as const) {
      const seeded = await seedParticipant(server.db, ids[site].participantId, site === 'own' ? 'A' : 'B');
      const found = await participantSite(server.db.kysely, ids[site].participantId);
      ids[site] = {
        ...ids[site],
        pseudonym: found?.pseudonym ?? '',
        labs: seeded.labsRecordId,
        identity: seeded.identityRecordId,
      };
    }
    await createUser(
      server.db.kysely,
      { actor: 'test-setup' },
      { userId: 'target', displayName: 'Target', role: 'reader', siteIds: ['A'] },
    );
    study = await writeTinyStudy(21, [8, 8, 2]);
    await importFolder(server.store, {
      folder: study.folder,
      participantId: ids.own.participantId,
      actor: 'test-setup',
      jobId: null,
      notDicom: 'skip',
    });
    const names = (await readdir(study.folder, { recursive: true })).filter((n) => n.endsWith('.dcm'));
    const pet = await server.db.kysely
      .selectFrom('dicom_instance')
      .select(['series_instance_uid', 'source_name'])
      .where('modality', '=', 'PT')
      .executeTakeFirstOrThrow();
    petSeries = pet.series_instance_uid;
    petFile = await readFile(join(study.folder, names.find((n) => n === pet.source_name) ?? ''));
    const analysisJob = await enqueueJob(server.db.kysely, {
      kind: 'analyse-series',
      payload: { seriesInstanceUid: petSeries, arguments: [], participantId: ids.own.participantId },
      createdBy: 'test-setup',
    });
    analysisId = (
      await withChange(server.db.kysely, { actor: 'test-setup' }, (trx) =>
        insertAnalysis(
          trx,
          {
            parameters: { arguments: [] },
            software: {},
            inputSeriesUids: [petSeries],
            result: { lesions: [] },
          },
          {
            participantId: ids.own.participantId,
            seriesInstanceUid: petSeries,
            jobId: analysisJob,
            createdBy: 'test-setup',
          },
        ),
      )
    ).analysisId;
    for (const role of ROLES) clients.set(role, await server.signIn(userOf(role)));
  });
  afterAll(async () => {
    await orthanc?.stop();
    await server.close();
    if (study !== undefined) await rm(study.folder, { recursive: true, force: true });
  });

  /** The path id of a participant as the role addresses it: statisticians know only pseudonyms. */
  const pid = (role: Role, site: Site): string =>
    role === 'statistician' ? ids[site].pseudonym : ids[site].participantId;
  const siteId = (site: Site): string => (site === 'own' ? 'A' : 'B');
  const freshQuery = async (site: Site): Promise<string> =>
    (
      await raiseQuery(
        server.db.kysely,
        { actor: 'test-setup' },
        { participantId: ids[site].participantId, field: 'ldhUPerL', question: 'Is 300 right?' },
      )
    ).queryId;
  const freshJob = async (site: Site, ended = false): Promise<string> => {
    const jobId = await enqueueJob(server.db.kysely, {
      kind: 'import-folder',
      payload: { folder: study.folder, participantId: ids[site].participantId },
      createdBy: 'test-setup',
    });
    if (ended) await cancelJob(server.db.kysely, jobId, { actor: 'test-setup', reason: 'ended' });
    return jobId;
  };

  const REQUESTS: Record<Case, (role: Role, site: Site) => Promise<Request>> = {
    'auth.me': async () => ({ method: 'GET', url: '/api/auth/me' }),
    'auth.logout': async () => ({ method: 'POST', url: '/api/auth/logout' }),
    'lock.read': async () => ({ method: 'GET', url: '/api/lock' }),
    'lock.set': async () => ({
      method: 'POST',
      url: '/api/lock',
      payload: { locked: false, reason: 'matrix test' },
    }),
    'sites.list': async () => ({ method: 'GET', url: '/api/sites' }),
    'sites.create': async () => ({
      method: 'POST',
      url: '/api/sites',
      payload: { siteId: unique('S'), name: 'New site' },
    }),
    'users.list': async () => ({ method: 'GET', url: '/api/users' }),
    'users.create': async (_role, site) => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        userId: unique('u'),
        displayName: 'New',
        role: 'reader',
        siteIds: [siteId(site)],
        password: 'long enough 1',
      },
    }),
    'users.update': async () => ({
      method: 'PATCH',
      url: '/api/users/target',
      payload: {
        version: (await getUser(server.db.kysely, 'target'))?.version,
        reason: 'matrix test',
        displayName: unique('Target '),
      },
    }),
    'audit.list': async (_role, site) => ({
      method: 'GET',
      url: `/api/audit?limit=5&participantId=${ids[site].participantId}`,
    }),
    'participants.list': async (_role, site) => ({
      method: 'GET',
      url: `/api/participants?siteId=${siteId(site)}`,
    }),
    'participants.create': async (_role, site) => ({
      method: 'POST',
      url: '/api/participants',
      payload: { participantId: unique('NEW-'), siteId: siteId(site), sex: 'female' },
    }),
    'participants.read': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}`,
    }),
    'records.list': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}/records`,
    }),
    'records.listMany': async (role, site) => ({
      method: 'GET',
      url: `/api/participant-records?ids=${pid(role, site)}`,
    }),
    'records.read': async (_role, site) => ({ method: 'GET', url: `/api/records/${ids[site].labs}` }),
    'records.read (identity)': async (_role, site) => ({
      method: 'GET',
      url: `/api/records/${ids[site].identity}`,
    }),
    'records.create (labs)': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/records/labs`,
      payload: { data: example.labs(ids[site].participantId) },
    }),
    'records.create (visual-read)': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/records/visual-read`,
      payload: { data: example.visualRead(ids[site].participantId, unique('READ-')) },
    }),
    'records.create (identity)': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/records/participant-identity`,
      payload: { data: example.identity(ids[site].participantId) },
    }),
    'records.update (labs)': async (role, site) => {
      const { createRecord } = await import('@cxcr4pet/db');
      const labs = await createRecord(
        server.db.kysely,
        { actor: 'test-setup' },
        'labs',
        example.labs(ids[site].participantId),
      );
      return {
        method: 'PUT',
        url: `/api/participants/${pid(role, site)}/records/labs/${labs.recordId}`,
        payload: {
          version: 1,
          reason: 'transcription error',
          data: example.labs(ids[site].participantId, 280),
        },
      };
    },
    'records.delete (labs)': async (_role, site) => {
      const { createRecord } = await import('@cxcr4pet/db');
      const labs = await createRecord(
        server.db.kysely,
        { actor: 'test-setup' },
        'labs',
        example.labs(ids[site].participantId),
      );
      return {
        method: 'DELETE',
        url: `/api/records/${labs.recordId}`,
        payload: { version: 1, reason: 'entered twice' },
      };
    },
    'records.delete (visual-read)': async (_role, site) => {
      const { createRecord } = await import('@cxcr4pet/db');
      const read = await createRecord(
        server.db.kysely,
        { actor: 'test-setup' },
        'visual-read',
        example.visualRead(ids[site].participantId, unique('READ-')),
      );
      return {
        method: 'DELETE',
        url: `/api/records/${read.recordId}`,
        payload: { version: 1, reason: 'wrong scan' },
      };
    },
    'eligibility.preview': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}/eligibility`,
    }),
    'eligibility.assess': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/eligibility`,
      payload: { reason: 'matrix test re-assessment' },
    }),
    'scores.read': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}/scores`,
    }),
    'queries.list': async (_role, site) => ({
      method: 'GET',
      url: `/api/queries?participantId=${ids[site].participantId}`,
    }),
    'queries.raise': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/queries`,
      payload: { recordId: ids[site].labs, field: 'ldhUPerL', question: 'Please confirm the LDH value.' },
    }),
    'queries.answer': async (_role, site) => ({
      method: 'POST',
      url: `/api/queries/${await freshQuery(site)}/answer`,
      payload: { version: 1, answer: 'Confirmed against the lab report.' },
    }),
    'queries.close': async (_role, site) => ({
      method: 'POST',
      url: `/api/queries/${await freshQuery(site)}/close`,
      payload: { version: 1, note: 'resolved' },
    }),
    'dicom.upload': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/dicom`,
      raw: { headers: { 'content-type': 'application/dicom' }, payload: petFile },
    }),
    'dicom.import': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/imports`,
      payload: { folder: study.folder },
    }),
    'series.list': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}/series`,
    }),
    'analyses.queue': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/analyses`,
      payload: { seriesInstanceUid: petSeries, arguments: ['--segment', 'suv:4'] },
    }),
    'jobs.list': async () => ({ method: 'GET', url: '/api/jobs' }),
    'exports.full': async () => ({ method: 'GET', url: '/api/exports/full/manifest.json' }),
    'exports.pseudonymised': async () => ({ method: 'GET', url: '/api/exports/pseudonymised/manifest.json' }),
    'jobs.read': async (_role, site) => ({ method: 'GET', url: `/api/jobs/${await freshJob(site)}` }),
    'jobs.events': async (_role, site) => ({
      method: 'GET',
      url: `/api/jobs/${await freshJob(site, true)}/events`,
      raw: { headers: {} },
    }),
    'pacs.nodes': async () => ({ method: 'GET', url: '/api/pacs/nodes' }),
    'pacs.search': async (role, site) => ({
      method: 'GET',
      url: `/api/participants/${pid(role, site)}/pacs/matrix-pacs/studies?patientId=NOBODY`,
    }),
    'pacs.import': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/pacs-imports`,
      payload: {
        nodeId: 'matrix-pacs',
        series: [{ studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' }],
      },
    }),
    'pacs.send': async (role, site) => ({
      method: 'POST',
      url: `/api/participants/${pid(role, site)}/pacs-sends`,
      payload: { nodeId: 'matrix-pacs', analysisId },
    }),
    'jobs.cancel': async (_role, site) => ({
      method: 'POST',
      url: `/api/jobs/${await freshJob(site)}/cancel`,
      payload: { reason: 'matrix test' },
    }),
  };

  it('covers every operation of the policy table that needs a session', () => {
    const operations = new Set(Object.keys(EXPECTED).map((c) => c.split(' ')[0]));
    const needingSession = Object.entries(POLICY)
      .filter(([, rule]) => rule.scope !== 'public')
      .map(([operation]) => operation);
    expect([...operations].sort()).toEqual(needingSession.sort());
  });

  const cases = (Object.keys(EXPECTED) as Case[])
    .filter((c) => hasOrthanc || c !== 'pacs.search')
    .flatMap((c) => R.flatMap((role) => (['own', 'other'] as const).map((site) => ({ c, role, site }))));

  it.each(cases)('$c as $role, $site site', async ({ c, role, site }) => {
    const expected =
      c === 'records.read (identity)'
        ? IDENTITY_READ[role][site]
        : (DELETE_PATCH[c]?.[role]?.[site] ?? EXPECTED[c][role][site]);
    const client = c === 'auth.logout' ? await server.signIn(userOf(role)) : clients.get(role);
    if (client === undefined) throw new Error(`no client for ${role}`);
    const request = await REQUESTS[c](role, site);
    const response =
      request.raw === undefined
        ? await client.call(request.method, request.url, request.payload)
        : await client.send({
            method: request.method === 'GET' ? 'GET' : 'POST',
            url: request.url,
            headers: request.raw.headers,
            ...(request.raw.payload === undefined ? {} : { payload: request.raw.payload }),
          });
    const outcome: Outcome | number =
      response.status >= 200 && response.status < 300
        ? 'ok'
        : response.status === 403 && response.body.code === 'forbidden'
          ? 'forbidden'
          : response.status === 404 && response.body.code === 'not-found'
            ? 'hidden'
            : response.status;
    expect(
      outcome,
      `${request.method} ${request.url} → ${response.status} ${JSON.stringify(response.body)}`,
    ).toBe(expected);
  });

  it('records.listMany: site B’s participant is absent, site A’s present, for every role', async () => {
    for (const role of ROLES) {
      const client = clients.get(role);
      if (client === undefined) throw new Error(`no client for ${role}`);
      const both = `${pid(role, 'other')},${pid(role, 'own')}`;
      const response = await client.call('GET', `/api/participant-records?ids=${both}`);
      expect(response.status, role).toBe(200);
      const listed = (response.body.participants as { participantId: string }[]).map((p) => p.participantId);
      expect(listed, role).toEqual([pid(role, 'own')]);
    }
  });

  it('lists only the caller’s sites: site B’s participants never appear for site A staff', async () => {
    for (const role of ROLES) {
      const client = clients.get(role);
      if (client === undefined) throw new Error(`no client for ${role}`);
      const list = await client.call('GET', '/api/participants?limit=200');
      const sites = new Set((list.body.items as { siteId: string }[]).map((p) => p.siteId));
      expect([...sites], role).toEqual(['A']);
    }
  });
});
