// The list and search endpoints with 10,000 participants and their full histories (15 records each:
// registration, identity, consent, screening, verdict, diagnosis, labs, clinical, two doses, two scans,
// two visual reads, a follow-up contact — 150,000 records and as many audit entries), on embedded
// PGlite and on PostgreSQL. Each endpoint gets, from autocannon in a child process over loopback,
// first one connection with no pause for 3 s (service time: each request alone), then 200 requests/s
// for 10 s over 10 connections; the goal is p99 < 50 ms. For both, the CPU time the server spent per
// request (this process, plus PostgreSQL's processes) and the load average. Baselines in the same run:
// GET /api/health (no session, no database) and GET /api/auth/me (the session look-up every endpoint pays).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
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
const SERVICE_S = Number(process.env.BENCH_SERVICE_S ?? 3);
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
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly requests: number;
  readonly errors: number;
  /** Server CPU (user + system) per request: this process, plus PostgreSQL's processes when measured. */
  readonly cpuMsPerRequest: number;
  readonly load1: number;
}

/** CPU time (ms) of a PostgreSQL server so far: the postmaster, its children and its reaped children. */
async function postgresCpuMs(port: number): Promise<number> {
  const stats: { pid: number; ppid: number; ticks: number; cmd: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      // Fields after the name: state ppid … utime(14) stime(15) cutime(16) cstime(17), counted from 3.
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), ticks, cmd });
    } catch {
      // The process ended while we read it.
    }
  }
  const master = stats.find((p) => p.cmd.includes(`-p ${port} `) && p.cmd.includes('postgres'));
  if (master === undefined) return 0;
  const ticks = stats
    .filter((p) => p.pid === master.pid || p.ppid === master.pid)
    .reduce((t, p) => t + p.ticks, 0);
  return ticks * 10; // USER_HZ = 100 on Linux
}

/**
 * autocannon runs in a child process, so that the load generator does not share the server's event
 * loop (PGlite runs in the server's thread too). Its --json result gives the latency percentiles.
 * `rate` undefined: one connection sending its next request as soon as the last is answered.
 */
async function load(
  name: string,
  url: string,
  cookie: string | undefined,
  mode: { rate: number; durationS: number } | { rate: undefined; durationS: number },
  pgPort: number | undefined,
): Promise<Row> {
  const args = [
    AUTOCANNON,
    '--connections',
    mode.rate === undefined ? '1' : '10',
    ...(mode.rate === undefined ? [] : ['--overallRate', String(mode.rate)]),
    '--duration',
    String(mode.durationS),
    '--json',
    ...(cookie === undefined ? [] : ['--header', `cookie: ${cookie}`]),
    url,
  ];
  const cpu0 = process.cpuUsage();
  const pg0 = pgPort === undefined ? 0 : await postgresCpuMs(pgPort);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const cpu = process.cpuUsage(cpu0);
  const pgMs = pgPort === undefined ? 0 : (await postgresCpuMs(pgPort)) - pg0;
  const result = JSON.parse(stdout) as {
    latency: { mean: number; p50: number; p99: number; max: number };
    requests: { total: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  };
  return {
    name,
    mean: result.latency.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMsPerRequest: ((cpu.user + cpu.system) / 1000 + pgMs) / Math.max(result.requests.total, 1),
    load1: loadavg()[0] ?? 0,
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
      const pageOf = async (path: string, cookie: string) =>
        (await (await fetch(`${base}${path}`, { headers: { cookie } })).json()) as {
          items: { participantId: string }[];
          nextCursor: string | null;
        };
      const pseudonym = (await pageOf('/participants?limit=1&offset=4321', statistician)).items[0]
        ?.participantId;
      const cursor = (await pageOf('/participants?limit=50&offset=3950', coordinator)).nextCursor ?? '';
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
          'list, keyset page after 4,000 (cursor)',
          `${base}/participants?limit=50&cursor=${cursor}`,
          coordinator,
        ],
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
      const loadNow = () =>
        loadavg()
          .map((v) => v.toFixed(2))
          .join(', ');
      const pgPort =
        location.kind === 'postgres' ? Number(new URL(location.connectionString).port) : undefined;
      log(`  load average before: ${loadNow()}`);
      const service: Row[] = [];
      const loaded: Row[] = [];
      for (const [label, url, cookie] of runs) {
        const r = await fetch(url, cookie === undefined ? {} : { headers: { cookie } });
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${await r.text()}`);
        service.push(await load(label, url, cookie, { rate: undefined, durationS: SERVICE_S }, pgPort));
        if (process.env.BENCH_SERVICE_ONLY !== '1')
          loaded.push(await load(label, url, cookie, { rate: RATE, durationS: DURATION_S }, pgPort));
        log(
          `  ${label}: alone ${service.at(-1)?.mean.toFixed(2)} ms, p99 at ${RATE}/s ${loaded.at(-1)?.p99 ?? '-'} ms (load ${loadNow()})`,
        );
      }
      const f = (n: number, d = 1) => n.toFixed(d);
      process.stdout.write(
        `\n### ${name}: service time, one connection, ${SERVICE_S} s per endpoint (autocannon, loopback)\n\n` +
          '| endpoint | mean ms | p99 ms | requests | CPU ms / request | load (1 min) |\n|---|---|---|---|---|---|\n' +
          service
            .map(
              (r) =>
                `| ${r.name} | ${f(r.mean, 2)} | ${r.p99} | ${r.requests} | ${f(r.cpuMsPerRequest, 2)} | ${f(r.load1, 2)} |`,
            )
            .join('\n') +
          '\n',
      );
      if (loaded.length === 0) return;
      const floor = loaded[1]?.p99 ?? 1;
      process.stdout.write(
        `\n### ${name}: ${PARTICIPANTS} participants, ${RATE} requests/s for ${DURATION_S} s each, 10 connections\n\n` +
          '| endpoint | p50 ms | p99 ms | max ms | requests | errors | CPU ms / request | p99 / session look-up | load (1 min) | goal p99 < 50 ms |\n|---|---|---|---|---|---|---|---|---|---|\n' +
          loaded
            .map(
              (r, i) =>
                `| ${r.name} | ${r.p50} | ${r.p99} | ${r.max} | ${r.requests} | ${r.errors} | ${f(r.cpuMsPerRequest, 2)} | ${(r.p99 / Math.max(floor, 1)).toFixed(1)}× | ${f(r.load1, 2)} | ${i < 2 ? '' : r.p99 < 50 && r.errors === 0 ? 'met' : 'MISSED'} |`,
            )
            .join('\n') +
          '\n',
      );
      log(`  load average after: ${loadNow()}`);
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
