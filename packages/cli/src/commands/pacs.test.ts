import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../test-support.ts';
import { analyze, removeWrittenStudies, writeStudy } from './analyze/phantom-support.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Starts `cxcr4pet scp` as a child process and resolves once it listens. */
function startScp(args: readonly string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'scp', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening as')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`cxcr4pet scp exited (${code}): ${out}`)));
  });
}

describe.skipIf(!hasOrthanc)('cxcr4pet pacs and scp against a real Orthanc', () => {
  let orthanc: TestOrthanc;
  let root: string;
  let scp: ChildProcess;
  let scpPort: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cxcr4pet-pacs-cli-'));
    scpPort = await freePort();
    scp = await startScp([
      '--port',
      String(scpPort),
      '--ae',
      'CXCR4PET',
      '--allow',
      'ORTHANC,STORESCU',
      '--out',
      join(root, 'scp'),
    ]);
    orthanc = await startOrthanc({ CXCR4PET: scpPort });
  }, 60_000);

  afterAll(async () => {
    if (scp?.exitCode === null) {
      const exited = new Promise((resolve) => scp.once('exit', resolve));
      scp.kill('SIGTERM');
      await exited;
    }
    await orthanc?.stop();
    await removeWrittenStudies();
    await rm(root, { recursive: true, force: true });
  });

  it('sends a study with STOW-RS, finds it, retrieves it, and analyze gives the same lesions', async () => {
    const { folder, truth } = await writeStudy({
      tracer: 'fdg',
      seed: 4,
      dims: [48, 48, 60],
      spacingMm: [10, 10, 16],
    });
    const url = orthanc.dicomWebUrl;
    const sent = await cli('pacs', 'send', '--url', url, folder);
    expect(sent.stderr).toMatch(/^warning: skipped .*truth\.json: not a DICOM file\n$/);
    expect(sent.stdout).toBe(`sent 120 instances to ${url}\n`);
    const found = await cli(
      'pacs',
      'find',
      '--url',
      url,
      '--patient-id',
      'PHANTOM-4',
      '--modality',
      'PT',
      '--json',
    );
    expect(JSON.parse(found.stdout).map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toEqual([
      truth.series.studyInstanceUid,
    ]);
    const out = join(root, 'retrieved');
    const study = truth.series.studyInstanceUid;
    const retrieved = await cli('pacs', 'retrieve', '--url', url, '--study', study, '--out', out);
    expect(retrieved.stdout).toBe(`retrieved 120 instances of 2 series to ${out} (0 already there)\n`);
    const again = await cli('pacs', 'retrieve', '--url', url, '--study', study, '--out', out);
    expect(again.stdout).toBe(`retrieved 0 instances of 2 series to ${out} (120 already there)\n`);
    const [before, after] = [
      await analyze(folder, '--segment', 'suv:3'),
      await analyze(out, '--segment', 'suv:3'),
    ];
    expect(before.lesions.length).toBeGreaterThan(0);
    expect(after.lesions).toEqual(before.lesions);
  });

  it('finds over C-FIND and C-MOVEs the study to the running cxcr4pet scp', async () => {
    const dimse = [
      '--dimse',
      `127.0.0.1:${orthanc.dicomPort}`,
      '--called-ae',
      'ORTHANC',
      '--calling-ae',
      'CXCR4PET',
    ];
    const found = await cli('pacs', 'find', ...dimse, '--patient-id', 'PHANTOM-4');
    expect(found.stdout).toMatch(/^2\.25\.\d+ {2}PHANTOM-4 {2}20260316 {2}.*\n1 study\n$/);
    const study = found.stdout.split(' ')[0] ?? '';
    const moved = await cli('pacs', 'retrieve', ...dimse, '--study', study, '--move-to', 'CXCR4PET');
    expect(moved.stdout).toBe('moved 120 instances to CXCR4PET (0 failed)\n');
    const files = await readdir(join(root, 'scp', study), { recursive: true });
    expect(files.filter((f) => f.endsWith('.dcm'))).toHaveLength(120);
  });

  it('reports a bad node in one line', async () => {
    const closed = await freePort();
    const result = await cli('pacs', 'find', '--url', `http://127.0.0.1:${closed}/dicom-web`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cxcr4pet pacs: cannot reach http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies.*\[unreachable\]\n$/,
    );
    const usage = await cli('pacs', 'find', '--dimse', 'nohost');
    expect(usage.code).toBe(2);
  });
});
