import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support.ts';

describe('the built web app beside /api (webRoot)', () => {
  let root: string;
  let server: TestServer;
  const INDEX = '<!doctype html><title>app shell</title>';
  const SCRIPT = 'console.log("bundle");';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cxcr4pet-webroot-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'index-abc.js'), SCRIPT);
    await writeFile(join(tmpdir(), 'cxcr4pet-outside.txt'), 'secret');
    server = await startTestServer({ webRoot: root });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
    await rm(join(tmpdir(), 'cxcr4pet-outside.txt'), { force: true });
  });

  const get = (url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => server.app.inject({ method, url });

  it('serves index.html at / and for client-side routes, and the files of the build', async () => {
    for (const url of ['/', '/worklist', '/participants/P-001?tab=dose']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe(INDEX);
    }
    const script = await get('/assets/index-abc.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toBe(SCRIPT);
  });

  it('keeps /api as before: JSON 404 for unknown API paths, no index.html; missing files and escapes are 404', async () => {
    const api = await get('/api/nope');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ code: 'not-found', message: 'no route GET /api/nope' });
    expect((await get('/api/health')).json()).toEqual({ ok: true });
    expect((await get('/assets/missing.js')).statusCode).toBe(404);
    expect((await get('/../cxcr4pet-outside.txt')).body).not.toContain('secret');
    expect((await get('/%2e%2e/cxcr4pet-outside.txt')).statusCode).toBe(404);
    expect((await get('/worklist', 'POST')).statusCode).toBe(404);
  });
});
