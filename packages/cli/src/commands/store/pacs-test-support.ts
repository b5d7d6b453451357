// Test support (not a test): a data folder's store with a site, one participant and a PACS node
// `orthanc` (basic authentication as user `cxcr4pet`, its secret sealed with the folder's key).
import { createPacsNode, createRecord, createSite } from '@cxcr4pet/db';
import type { TestOrthanc } from '@cxcr4pet/pacs/testing';
import { loadSecretKey, openStore, type Store } from '@cxcr4pet/store';

export async function storeWithPacsNode(
  dataDir: string,
  participantId: string,
  orthanc: TestOrthanc,
  secret: string,
): Promise<Store> {
  const store = await openStore(dataDir, {});
  await createSite(store.db.kysely, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
  await createRecord(store.db.kysely, { actor: 'coord' }, 'participant', {
    participantId,
    siteId: 'S1',
    sex: 'female',
  });
  await createPacsNode(
    store.db.kysely,
    { actor: 'admin' },
    'orthanc',
    { name: 'Orthanc', dicomWebUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', username: 'cxcr4pet' } },
    secret,
    await loadSecretKey(dataDir, {}),
  );
  return store;
}
