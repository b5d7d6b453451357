import { PacsError } from '@cxcr4pet/pacs';
import {
  type JobHandler,
  listAnalyses,
  loadSecretKey,
  type Store,
  type StoredAnalysis,
} from '@cxcr4pet/store';
import { openPacsSource } from './import-job.ts';

/**
 * Makes a stored analysis's results as DICOM (a SEG of its lesions and a TID 1500 SR of their
 * measurements), each as Part 10 bytes. Supplied by whoever runs the worker (the cli wires `analyze`'s
 * pipeline and `analysisAsDicom`), so that the server does not hold the analysis code.
 */
export type AnalysisAsDicom = (
  store: Store,
  analysis: StoredAnalysis,
) => Promise<readonly { readonly name: string; readonly bytes: Uint8Array }[]>;

/** The payload of a `send-pacs` job: which analysis's results go to which node. */
export interface SendPacsPayload {
  readonly nodeId: string;
  readonly participantId: string;
  readonly analysisId: string;
}

function sendPayload(payload: Readonly<Record<string, unknown>>): SendPacsPayload {
  const { nodeId, participantId, analysisId } = payload;
  if (typeof nodeId !== 'string' || typeof participantId !== 'string' || typeof analysisId !== 'string')
    throw new Error('send-pacs job payload needs nodeId, participantId and analysisId strings');
  return { nodeId, participantId, analysisId };
}

/** The stored analysis `analysisId` of `participantId`; another participant's or none: not-found. */
export async function analysisOf(
  store: Store,
  participantId: string,
  analysisId: string,
): Promise<StoredAnalysis> {
  const analysis = (await listAnalyses(store.db.kysely)).find(
    (a) => a.analysisId === analysisId && a.participantId === participantId,
  );
  if (analysis === undefined)
    throw new PacsError('not-found', `analysis ${analysisId} of participant ${participantId} does not exist`);
  return analysis;
}

/**
 * The `send-pacs` job: the analysis's SEG and SR made again from the stored images (`asDicom`), sent to
 * the node (STOW-RS for DICOMweb nodes, C-STORE for DIMSE ones); the job's result lists what the node
 * stored. The node's secret is opened with the data folder's key, as for imports.
 */
export function sendPacsJob(asDicom: AnalysisAsDicom): JobHandler {
  return async (context) => {
    const payload = sendPayload(context.job.payload);
    const analysis = await analysisOf(context.store, payload.participantId, payload.analysisId);
    const source = await openPacsSource(
      context.store,
      payload.nodeId,
      await loadSecretKey(context.store.dataDir),
    );
    context.progress('making', 0, 2);
    const files = await asDicom(context.store, analysis);
    context.progress('sending', 0, files.length);
    const stored = await source.store(files.map((file) => file.bytes));
    context.progress('sending', files.length, files.length);
    await context.complete(async () => ({
      nodeId: payload.nodeId,
      analysisId: payload.analysisId,
      seriesInstanceUid: analysis.seriesInstanceUid,
      files: files.map((file) => file.name),
      instancesStored: stored,
    }));
  };
}
