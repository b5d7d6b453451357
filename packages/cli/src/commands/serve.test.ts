import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWith as run } from '../test-support.ts';

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
    stop.abort();
    const result = await served;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cxcr4pet server stopped');
  }, 90_000);
});
