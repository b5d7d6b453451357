import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The DICOMweb plugin of Debian's `orthanc-dicomweb`, wherever this system put it; undefined if absent. */
export function findDicomWebPlugin(): string | undefined {
  for (const folder of [
    '/usr/share/orthanc/plugins',
    '/usr/lib/orthanc',
    '/usr/local/share/orthanc/plugins',
  ]) {
    if (!existsSync(folder)) continue;
    const name = readdirSync(folder).find((file) => file.startsWith('libOrthancDicomWeb.so'));
    if (name !== undefined) return join(folder, name);
  }
  return undefined;
}

/** Whether Orthanc and its DICOMweb plugin are installed (Debian `orthanc`, `orthanc-dicomweb`). */
export const hasOrthanc =
  spawnSync('Orthanc', ['--version'], { stdio: 'ignore' }).error === undefined &&
  findDicomWebPlugin() !== undefined;
if (!hasOrthanc)
  console.warn(
    'Orthanc with its DICOMweb plugin not found (Debian orthanc, orthanc-dicomweb): PACS tests skipped',
  );

/** A free TCP port on the loopback interface (the OS picks it; closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running test Orthanc. */
export interface TestOrthanc {
  readonly httpUrl: string;
  readonly dicomWebUrl: string;
  readonly dicomPort: number;
  readonly aeTitle: string;
  stop(): Promise<void>;
}

/**
 * Test helper: starts its own Orthanc on free loopback ports with a temporary storage folder and the
 * DICOMweb plugin, knowing the given modalities (AE → port on 127.0.0.1, for C-MOVE destinations and
 * callers), with HTTP basic authentication when `options.users` is given. Resolves when its REST API answers; `stop()` ends the process and removes the folder.
 */
export async function startOrthanc(
  modalities: Readonly<Record<string, number>> = {},
  options: {
    /** HTTP basic-auth users (name → password); none: the REST and DICOMweb APIs are open. */
    readonly users?: Readonly<Record<string, string>>;
  } = {},
): Promise<TestOrthanc> {
  const plugin = findDicomWebPlugin();
  if (plugin === undefined) throw new Error('the Orthanc DICOMweb plugin is not installed');
  const folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const aeTitle = 'ORTHANC';
  const config = {
    Name: 'cxcr4pet-test',
    StorageDirectory: join(folder, 'storage'),
    IndexDirectory: join(folder, 'storage'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: aeTitle,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.users !== undefined,
    ...(options.users === undefined ? {} : { RegisteredUsers: options.users }),
    DicomCheckCalledAet: true,
    DicomAlwaysAllowStore: true,
    DicomModalities: Object.fromEntries(
      Object.entries(modalities).map(([ae, port]) => [ae.toLowerCase(), [ae, '127.0.0.1', port]]),
    ),
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  await writeFile(join(folder, 'orthanc.json'), JSON.stringify(config));
  const child: ChildProcess = spawn('Orthanc', [join(folder, 'orthanc.json')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Orthanc exited at start: ${log}`);
    }
    try {
      const [user, password] = Object.entries(options.users ?? {})[0] ?? [];
      const headers: Record<string, string> =
        user === undefined
          ? {}
          : { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
      if ((await fetch(`${httpUrl}/system`, { headers })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not answer within 20 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { httpUrl, dicomWebUrl: `${httpUrl}/dicom-web`, dicomPort, aeTitle, stop };
}
