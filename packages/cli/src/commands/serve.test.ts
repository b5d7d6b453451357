import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinyStudy } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWith as run } from '../test-support.ts';

const BIN = fileURLToPath(new URL('../../bin/cxcr4pet.js', import.meta.url));

describe('cxcr4pet site add, user add and serve', () => {
  let data: string;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    data = await mkdtemp(join(tmpdir(), 'cxcr4pet-serve-'));
  });
  afterAll(async () => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    await rm(data, { recursive: true, force: true });
  });

  it('refuses a bad role, a short password and a missing site with one line each', async () => {
    const role = await run([
      'user',
      'add',
      '--username',
      'x',
      '--role',
      'boss',
      '--site',
      'A',
      '--data',
      data,
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/^cxcr4pet user: --role 'boss' is not one of admin, investigator, .*\n$/);
    const short = await run(
      ['user', 'add', '--username', 'x', '--role', 'admin', '--site', 'A', '--data', data],
      { stdin: 'short\n' },
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 8 characters');
    const noVerb = await run(['user', '--username', 'x']);
    expect(noVerb.code).toBe(2);
    const noApp = await run(['serve', '--web', join(data, 'nowhere'), '--data', data]);
    expect(noApp.code).toBe(2);
    expect(noApp.stderr).toMatch(
      /^cxcr4pet serve: --web '.*nowhere': no index\.html in .*nowhere \(see 'cxcr4pet serve --help'\)\n$/,
    );
  });

  it('adds a site and an admin (password from stdin), serves on a free port, and the admin signs in over HTTP', async () => {
    expect(
      (await run(['site', 'add', '--site', 'CENTRE-1', '--name', 'Centre one', '--data', data])).stdout,
    ).toMatch(/^added site 'CENTRE-1'/);
    const missing = await run(
      ['user', 'add', '--username', 'bob', '--role', 'admin', '--site', 'NOPE', '--data', data],
      { stdin: 'long password 1\n' },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("site 'NOPE' does not exist");
    const added = await run(
      [
        'user',
        'add',
        '--username',
        'alice',
        '--role',
        'admin',
        '--site',
        'CENTRE-1',
        '--name',
        'Alice A',
        '--data',
        data,
      ],
      {
        stdin: 'long password 1\nignored second line\n',
      },
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^added admin 'alice' at CENTRE-1 \(PGlite in .*\)\n$/);
    const coordinator = await run(
      ['user', 'add', '--username', 'carol', '--role', 'coordinator', '--site', 'CENTRE-1', '--data', data],
      { stdin: 'long password 2\n' },
    );
    expect(coordinator.code).toBe(0);

    const stop = new AbortController();
    let listening: (url: string) => void = () => {};
    const address = new Promise<string>((resolve) => {
      listening = resolve;
    });
    const web = join(data, 'web');
    await mkdir(web);
    await writeFile(join(web, 'index.html'), '<!doctype html><title>the app</title>');
    const served = run(['serve', '--port', '0', '--data', data, '--web', web], {
      signal: stop.signal,
      onStdout: (text) => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(text);
        if (match?.[1] !== undefined) listening(match[1]);
      },
    });
    const base = await address;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'long password 1' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    // The web app beside the API: index.html at / and at client-side routes.
    const origin = base.replace(/\/api$/, '');
    for (const path of ['/', '/participants/P1']) {
      expect(await (await fetch(`${origin}${path}`)).text()).toBe('<!doctype html><title>the app</title>');
    }
    const sites = await fetch(`${base}/sites`, { headers: { cookie } });
    expect(await sites.json()).toEqual({ sites: [{ siteId: 'CENTRE-1', name: 'Centre one' }] });

    // The embedded database is this server's: a worker on the same folder is refused while it runs.
    // (Another process: within this one, the lock's owner is this pid and counts as taken over.)
    const worker = spawnSync(process.execPath, [BIN, 'worker', '--drain', '--data', data], {
      encoding: 'utf8',
      env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' },
    });
    expect(worker.status).not.toBe(0);
    expect(worker.stderr).toMatch(/data folder .* is in use by process \d+/);

    // A coordinator uploads a study over HTTP and queues an analysis; the in-process worker runs it.
    const carol = await signInOver(base, 'carol', 'long password 2');
    expect(
      (await carol.json('POST', '/participants', { participantId: 'P1', siteId: 'CENTRE-1', sex: 'male' }))
        .status,
    ).toBe(201);
    const study = await writeTinyStudy(31);
    try {
      const form = new FormData();
      for (const name of (await readdir(study.folder, { recursive: true }))
        .filter((n) => n.endsWith('.dcm'))
        .sort())
        form.append('file', new Blob([await readFile(join(study.folder, name))]), name);
      const upload = await carol.raw('POST', '/participants/P1/dicom', form);
      expect(upload.status).toBe(201);
      expect(await upload.json()).toMatchObject({ instancesAdded: study.dicomFiles });
      const series = (await (await carol.raw('GET', '/participants/P1/series')).json()) as {
        series: { seriesInstanceUid: string; modality: string }[];
      };
      const pet = series.series.find((x) => x.modality === 'PT')?.seriesInstanceUid;
      const typo = await carol.json('POST', '/participants/P1/analyses', {
        seriesInstanceUid: pet,
        arguments: ['--segment', 'suv:-4'],
      });
      expect(typo.status).toBe(400);
      expect(typo.body.field).toBe('arguments');
      const queued = await carol.json('POST', '/participants/P1/analyses', {
        seriesInstanceUid: pet,
        arguments: ['--segment', 'suv:2'],
      });
      expect(queued.status).toBe(202);
      const events = await (await carol.raw('GET', `/jobs/${queued.body.jobId}/events`)).text();
      const end = /event: end\ndata: (.*)\n/.exec(events)?.[1];
      expect(JSON.parse(end ?? '{}')).toMatchObject({
        state: 'succeeded',
        result: { analysisId: expect.any(String) },
      });
    } finally {
      await rm(study.folder, { recursive: true, force: true });
    }
    stop.abort();
    const result = await served;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cxcr4pet server stopped');
  }, 90_000);
});

/** Signs in over HTTP; `json` and `raw` send the session cookie and the CSRF token. */
async function signInOver(base: string, username: string, password: string) {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username}: ${login.status}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const raw = (method: string, path: string, body?: FormData) =>
    fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return {
    raw,
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
    json: async (method: string, path: string, body: unknown): Promise<{ status: number; body: any }> => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
  };
}
