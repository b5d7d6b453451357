import type { PacsNode } from '@cxcr4pet/db';
import {
  DicomWebClient,
  type DimseNode,
  findInstanceUids,
  findSeries,
  findStudies,
  getSeries,
  PacsError,
  type ReceivedInstance,
  type SeriesHit,
  type StudyHit,
  type StudyQuery,
  storeFiles,
} from '@cxcr4pet/pacs';
import { authorizationOf } from '../admin-extensions/connection-test.ts';

/**
 * A configured node as the server uses it: DICOMweb (QIDO-RS, WADO-RS, STOW-RS) when it has a URL,
 * else DIMSE (C-FIND, C-GET, C-STORE). One interface, so search, import and send do not care which.
 */
export interface PacsSource {
  readonly nodeId: string;
  readonly protocol: 'dicomweb' | 'dimse';
  searchStudies(query: StudyQuery): Promise<StudyHit[]>;
  searchSeries(studyInstanceUid: string): Promise<SeriesHit[]>;
  listInstances(studyInstanceUid: string, seriesInstanceUid: string): Promise<string[]>;
  retrieve(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUids?: readonly string[],
  ): AsyncIterable<ReceivedInstance>;
  store(files: readonly Uint8Array[]): Promise<number>;
}

/** The source of a configured node with its (decrypted) secret; an inactive node is refused. */
export function pacsSourceOf(node: PacsNode, secret: string | undefined): PacsSource {
  if (!node.active)
    throw new PacsError('invalid-option', `PACS node '${node.nodeId}' is switched off by an administrator`);
  if (node.dicomWebUrl !== undefined) {
    const client = new DicomWebClient(node.dicomWebUrl, { headers: authorizationOf(node, secret) });
    return {
      nodeId: node.nodeId,
      protocol: 'dicomweb',
      searchStudies: (query) => client.searchStudies(query),
      searchSeries: (study) => client.searchSeries(study),
      listInstances: (study, series) => client.searchInstances(study, series),
      retrieve: (study, series, sops) => client.retrieveSeries(study, series, sops),
      store: async (files) => (await client.store(files)).length,
    };
  }
  const peer: DimseNode | undefined = node.dimse;
  if (peer === undefined)
    throw new PacsError(
      'invalid-option',
      `PACS node '${node.nodeId}' has neither a DICOMweb URL nor a DIMSE peer`,
    );
  return {
    nodeId: node.nodeId,
    protocol: 'dimse',
    searchStudies: async (query) =>
      (await findStudies(peer, query)).map((study) => ({ ...study, patientName: '' })),
    searchSeries: (study) => findSeries(peer, study),
    listInstances: (study, series) => findInstanceUids(peer, study, series),
    retrieve: (study, series, sops) => getSeries(peer, study, series, sops),
    store: (files) => storeFiles(peer, files),
  };
}
