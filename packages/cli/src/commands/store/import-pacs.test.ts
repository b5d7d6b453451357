import { hasOrthanc, startOrthanc, type TestOrthanc } from '@cxcr4pet/pacs/testing';
import { phantomStudyFiles } from '@cxcr4pet/phantom';
import { tempDataDir } from '@cxcr4pet/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import { storeWithPacsNode } from './pacs-test-support.ts';

const SECRET = 'cli orthanc secret';

// `cxcr4pet import --pacs` end to end: a node configured in the data folder's database (its secret
// sealed with the folder's key), a real Orthanc holding a phantom study, the import run as a job.
describe.skipIf(!hasOrthanc)('cxcr4pet import --pacs <node>', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let orthanc: TestOrthanc;

  beforeAll(async () => {
    orthanc = await startOrthanc({}, { users: { cxcr4pet: SECRET } });
    const { files } = phantomStudyFiles({
      tracer: 'fdg',
      seed: 21,
      dims: [32, 32, 40],
      spacingMm: [16, 16, 24],
    });
    const auth = { authorization: `Basic ${Buffer.from(`cxcr4pet:${SECRET}`).toString('base64')}` };
    for (const file of files.filter((f) => f.path.endsWith('.dcm'))) {
      const response = await fetch(`${orthanc.httpUrl}/instances`, {
        method: 'POST',
        body: file.bytes,
        headers: auth,
      });
      if (!response.ok) throw new Error(`upload to Orthanc failed: ${response.status}`);
    }
    data = await tempDataDir();
    const store = await storeWithPacsNode(data.dir, 'P-001', orthanc, SECRET);
    await store.close();
  }, 120_000);

  afterAll(async () => {
    await data?.remove();
    await orthanc?.stop();
  });

  const args = (...more: string[]) => [
    'import',
    '--pacs',
    'orthanc',
    '--participant',
    'P-001',
    '--data',
    data.dir,
    ...more,
  ];

  it('imports the PET and CT series of a patient once; the second run fetches and writes nothing', async () => {
    const first = await cli(...args('--patient-id', 'PHANTOM-21', '--actor', 'ana'));
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^imported 80 new instances from PACS node 'orthanc' for participant P-001 \(0 already stored\), job [0-9a-f-]{36}\n/,
    );
    expect(first.stdout).toMatch(/ {2}PT {5}40 {2}[0-9.]+/);
    const second = await cli(...args('--patient-id', 'PHANTOM-21'));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^imported 0 new instances from PACS node 'orthanc' for participant P-001 \(80 already stored\)/,
    );
  }, 120_000);

  it('names the node, the patient or the option when something is wrong', async () => {
    const unknown = await cli(
      'import',
      '--pacs',
      'nope',
      '--patient-id',
      'X',
      '--participant',
      'P-001',
      '--data',
      data.dir,
    );
    expect(unknown).toMatchObject({
      code: 1,
      stderr: "cxcr4pet import: PACS node 'nope' is not configured [not-found]\n",
    });
    const nobody = await cli(...args('--patient-id', 'NOBODY'));
    expect(nobody).toMatchObject({
      code: 1,
      stderr: "cxcr4pet import: PACS node 'orthanc' has no PT/CT series of patient NOBODY\n",
    });
    const both = await cli('import', '/tmp', '--pacs', 'orthanc', '--participant', 'P-001');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either a folder or --pacs <node>, not both');
  }, 60_000);
});
