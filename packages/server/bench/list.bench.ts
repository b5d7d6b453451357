// The list and search endpoints with 10,000 participants and their full histories (15 records each:
// registration, identity, consent, screening, verdict, diagnosis, labs, clinical, two doses, two scans,
// two visual reads, a follow-up contact — 150,000 records and as many audit entries), on embedded
// PGlite and on PostgreSQL. Each endpoint gets 200 requests/s for 10 s from autocannon over loopback
// (10 connections); the goal is p99 < 50 ms. Baseline in the same run: GET /api/health (no session,
// no database), and GET /api/auth/me (the session look-up every endpoint pays).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createSite,
  createUser,
  type DbLocation,
  openStudyDb,
  refreshPlannerStatistics,
  type StudyDb,
  startTestPostgres,
  withChange,
} from '@cxcr4pet/db';
import { assessEligibility, parseRecord, RECORD_SCHEMAS, type RecordType } from '@cxcr4pet/study';
import { buildApp } from '../src/app.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { example } from '../src/test-fixtures.ts';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10_000);
const SITES = ['S1', 'S2', 'S3', 'S4'];
const BATCH = 250;
const RATE = 200;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const run = promisify(execFile);
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const code = (i: number): string => `P-${String(i).padStart(5, '0')}`;

/** The records of participant i, validated by the study room's schemas as the API would. */
function history(i: number): { type: RecordType; data: unknown }[] {
  const id = code(i);
  const identity = example.identity(id, `19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`);
  const consent = example.consent(id);
  const screening = example.screening(id);
  const verdict = assessEligibility({
    screening,
    birthDate: identity.birthDate,
    consents: [consent],
  } as Parameters<typeof assessEligibility>[0]);
  const participant = {
    participantId: id,
    siteId: SITES[i % SITES.length],
    sex: i % 3 === 0 ? 'female' : 'male',
    ...(i % 4 === 0 ? {} : { enrolledDate: '2026-03-03' }),
  };
  const records: { type: RecordType; data: unknown }[] = [
    { type: 'participant', data: participant },
    { type: 'participant-identity', data: identity },
    { type: 'consent', data: consent },
    { type: 'screening', data: screening },
    { type: 'eligibility-verdict', data: verdict },
    { type: 'diagnosis', data: example.diagnosis(id) },
    { type: 'labs', data: example.labs(id, 150 + (i % 300)) },
    { type: 'baseline-clinical', data: example.clinical(id) },
    { type: 'dose', data: example.dose(id, 'fdg') },
    { type: 'dose', data: example.dose(id, 'pentixafor') },
    { type: 'scan', data: example.scan(id, 'fdg') },
    { type: 'scan', data: example.scan(id, 'pentixafor') },
    { type: 'visual-read', data: { ...example.visualRead(id, `${id}-R1`), tracer: 'pentixafor' } },
    {
      type: 'visual-read',
      data: { ...example.visualRead(id, `${id}-R2`), scanId: `${id}-fdg`, tracer: 'fdg' },
    },
    { type: 'follow-up-contact', data: example.followUp(id) },
  ];
  return records.map((r) => ({ type: r.type, data: parseRecord(RECORD_SCHEMAS[r.type], r.data, r.type) }));
}

/** Bulk load through the audited path: one transaction per batch, every row audited by the triggers. */
async function seed(db: StudyDb): Promise<void> {
  const k = db.kysely;
  const setup = { actor: 'bench-setup' };
  for (const siteId of SITES) await createSite(k, setup, { siteId, name: `Site ${siteId}` });
  const passwordHash = await hashPassword('bench password');
  await createUser(k, setup, {
    userId: 'coordinator',
    displayName: 'C',
    role: 'coordinator',
    siteIds: ['S1', 'S2'],
    passwordHash,
  });
  await createUser(k, setup, {
    userId: 'statistician',
    displayName: 'S',
    role: 'statistician',
    siteIds: SITES,
    passwordHash,
  });
  const started = performance.now();
  for (let first = 0; first < PARTICIPANTS; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, PARTICIPANTS - first) }, (_, j) => first + j);
    await withChange(k, setup, async (trx) => {
      await trx
        .insertInto('participant')
        .values(batch.map((i) => ({ participant_id: code(i), site_id: SITES[i % SITES.length] ?? 'S1' })))
        .execute();
      await trx
        .insertInto('study_record')
        .values(
          batch.flatMap((i) =>
            history(i).map((r) => ({
              record_type: r.type,
              participant_id: code(i),
              version: 1,
              data: JSON.stringify(r.data),
              created_by: setup.actor,
              updated_by: setup.actor,
            })),
          ),
        )
        .execute();
    });
    if ((first / BATCH) % 8 === 0)
      log(
        `  seeded ${first + batch.length} participants (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  log(
    `  seeded ${PARTICIPANTS} participants × 15 records in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function signIn(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench password' }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie')?.split(';')[0] ?? '';
}

interface Row {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly requests: number;
  readonly errors: number;
}

/**
 * autocannon runs in a child process, so that the load generator does not share the server's event
 * loop (PGlite runs in the server's thread too). Its --json result gives the latency percentiles.
 */
async function load(name: string, url: string, cookie: string | undefined): Promise<Row> {
  const args = [
    AUTOCANNON,
    '--connections',
    '10',
    '--overallRate',
    String(RATE),
    '--duration',
    String(DURATION_S),
    '--json',
    ...(cookie === undefined ? [] : ['--header', `cookie: ${cookie}`]),
    url,
  ];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout) as {
    latency: { p50: number; p99: number; max: number };
    requests: { total: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  };
  return {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function benchBackend(name: string, location: DbLocation): Promise<void> {
  log(`${name}: seeding`);
  const db = await openStudyDb(location);
  try {
    await seed(db);
    // Planner statistics, as autovacuum keeps them on PostgreSQL (PGlite has none; `serve` does this at start).
    await refreshPlannerStatistics(db);
    const app = await buildApp({ db, config: { loginRateLimit: { max: 1000, windowMs: 60_000 } } });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/api`;
      const coordinator = await signIn(base, 'coordinator');
      const statistician = await signIn(base, 'statistician');
      const pseudonym = (
        (await (
          await fetch(`${base}/participants?limit=1&offset=4321`, { headers: { cookie: statistician } })
        ).json()) as {
          items: { participantId: string }[];
        }
      ).items[0]?.participantId;
      const runs: [string, string, string | undefined][] = [
        ['baseline: GET /health (no session, no db)', `${base}/health`, undefined],
        ['baseline: GET /auth/me (session look-up)', `${base}/auth/me`, coordinator],
        [
          'list, first page of 50 (coordinator, 5,000 visible, with identity)',
          `${base}/participants?limit=50`,
          coordinator,
        ],
        ['list, page at offset 4,000', `${base}/participants?limit=50&offset=4000`, coordinator],
        [
          'list, filtered: enrolled women at S2',
          `${base}/participants?status=enrolled&sex=female&siteId=S2`,
          coordinator,
        ],
        ['search by name (identity, substring)', `${base}/participants?q=name%20of%20P-0424`, coordinator],
        ['search by study code', `${base}/participants?q=P-0424`, coordinator],
        [
          'list as statistician (10,000 visible, pseudonyms)',
          `${base}/participants?limit=50&offset=2000`,
          statistician,
        ],
        [
          'search by pseudonym (statistician)',
          `${base}/participants?q=${pseudonym?.slice(3, 9)}`,
          statistician,
        ],
        ['one participant', `${base}/participants/P-04240`, coordinator],
        ['one participant’s 15 records', `${base}/participants/P-04240/records`, coordinator],
      ];
      // Service time: each request alone (mean of 20 after 3 warm-ups), the CPU cost behind the load figures.
      const service: string[] = [];
      for (const [label, url, cookie] of runs) {
        const path = url.slice(base.length - 4);
        const once = () =>
          app.inject({ method: 'GET', url: path, headers: cookie === undefined ? {} : { cookie } });
        for (let i = 0; i < 3; i++) await once();
        const t0 = performance.now();
        for (let i = 0; i < 20; i++) await once();
        service.push(`| ${label} | ${((performance.now() - t0) / 20).toFixed(1)} |`);
      }
      process.stdout.write(
        `\n### ${name}: service time, one request at a time (in-process)\n\n| endpoint | mean ms |\n|---|---|\n${service.join('\n')}\n`,
      );
      if (process.env.BENCH_SERVICE_ONLY === '1') return;
      const rows: Row[] = [];
      for (const [label, url, cookie] of runs) {
        rows.push(await load(label, url, cookie));
        const last = rows.at(-1);
        log(`  ${label}: p99 ${last?.p99} ms`);
      }
      const floor = rows[1]?.p99 ?? 1;
      process.stdout.write(
        `\n### ${name}: ${PARTICIPANTS} participants, ${RATE} requests/s for ${DURATION_S} s each, 10 connections\n\n` +
          '| endpoint | p50 ms | p99 ms | max ms | requests | errors | p99 / session look-up | goal p99 < 50 ms |\n|---|---|---|---|---|---|---|---|\n' +
          rows
            .map(
              (r, i) =>
                `| ${r.name} | ${r.p50} | ${r.p99} | ${r.max} | ${r.requests} | ${r.errors} | ${(r.p99 / Math.max(floor, 1)).toFixed(1)}× | ${i < 2 ? '' : r.p99 < 50 && r.errors === 0 ? 'met' : 'MISSED'} |`,
            )
            .join('\n') +
          '\n',
      );
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

const only = process.env.BENCH_BACKEND;
if (only === undefined || only === 'pglite') {
  const dir = await mkdtemp(join(tmpdir(), 'cxcr4pet-bench-'));
  try {
    await benchBackend('embedded PGlite (on disk)', { kind: 'pglite', dataDir: join(dir, 'db') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (only === undefined || only === 'postgres') {
  const pg = await startTestPostgres();
  try {
    await benchBackend('PostgreSQL', { kind: 'postgres', connectionString: pg.connectionString });
  } finally {
    await pg.stop();
  }
}
