import dimse from 'dcmjs-dimse';
import type { ReceivedInstance, SeriesHit } from '../dicomweb/client.ts';
import { part10Of } from './scp.ts';
import { associate, type DimseNode, statusError } from './scu.ts';

const { CFindRequest, CGetRequest } = dimse.requests;
const { CStoreResponse } = dimse.responses;
const { Status } = dimse.constants;

/** Runs one C-FIND and returns the pending responses' datasets (a non-success end is a PacsError). */
async function find(
  node: DimseNode,
  request: InstanceType<typeof CFindRequest>,
  timeoutMs: number,
): Promise<((key: string) => string)[]> {
  const found: ((key: string) => string)[] = [];
  let status: number | undefined;
  request.on('response', (response) => {
    status = response.getStatus();
    const dataset = response.getDataset();
    if (status === Status.Pending && dataset !== undefined)
      found.push((key) => String(dataset.getElement(key) ?? ''));
  });
  await associate(node, [request], timeoutMs);
  if (status !== Status.Success) throw statusError(node, 'C-FIND', status ?? -1);
  return found;
}

/** C-FIND SCU (Study Root, SERIES level): the series of a study, like QIDO-RS's series search. */
export async function findSeries(
  node: DimseNode,
  studyInstanceUid: string,
  timeoutMs = 30_000,
): Promise<SeriesHit[]> {
  const request = CFindRequest.createSeriesFindRequest({
    StudyInstanceUID: studyInstanceUid,
    SeriesInstanceUID: '',
    Modality: '',
    SeriesDescription: '',
    NumberOfSeriesRelatedInstances: '',
  });
  return (await find(node, request, timeoutMs)).map((value) => {
    const count = value('NumberOfSeriesRelatedInstances');
    return {
      studyInstanceUid,
      seriesInstanceUid: value('SeriesInstanceUID'),
      modality: value('Modality'),
      description: value('SeriesDescription'),
      instanceCount: count === '' || !Number.isFinite(Number(count)) ? undefined : Number(count),
    };
  });
}

/** C-FIND SCU (IMAGE level): the SOP Instance UIDs of a series. */
export async function findInstanceUids(
  node: DimseNode,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  timeoutMs = 30_000,
): Promise<string[]> {
  const request = CFindRequest.createImageFindRequest({
    StudyInstanceUID: studyInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    SOPInstanceUID: '',
  });
  return (await find(node, request, timeoutMs)).map((value) => value('SOPInstanceUID'));
}

/**
 * C-GET SCU (PS3.4 C.4.3): retrieves a series (or the listed instances of it) on our own association —
 * no C-STORE SCP of ours that the PACS must know, unlike C-MOVE. Each instance the PACS sends as a
 * C-STORE sub-operation is yielded as Part 10 bytes (`part10Of`) as it arrives. A non-success end
 * (e.g. unknown series: 0 completed) is a PacsError naming the node.
 */
export async function* getSeries(
  node: DimseNode,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  sopInstanceUids?: readonly string[],
  timeoutMs = 120_000,
): AsyncGenerator<ReceivedInstance> {
  const requests =
    sopInstanceUids === undefined
      ? [CGetRequest.createSeriesGetRequest(studyInstanceUid, seriesInstanceUid)]
      : sopInstanceUids.map((uid) =>
          CGetRequest.createImageGetRequest(studyInstanceUid, seriesInstanceUid, uid),
        );
  const queue: ReceivedInstance[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  const statuses: number[] = [];
  let completed = 0;
  for (const request of requests)
    request.on('response', (response) => {
      const status = response.getStatus();
      if (status !== Status.Pending) {
        statuses.push(status);
        completed += response.getCompleted() ?? 0;
      }
    });
  const done = associate(node, requests, timeoutMs, (client) => {
    client.on('cStoreRequest', (request, callback) => {
      const response = CStoreResponse.fromRequest(request);
      const dataset = request.getDataset();
      if (dataset === undefined) response.setStatus(Status.ProcessingFailure);
      else {
        const elements = dataset.getElements();
        queue.push({
          sopInstanceUid: String(elements.SOPInstanceUID ?? ''),
          bytes: part10Of(elements, dataset.getTransferSyntaxUid()),
        });
        response.setStatus(Status.Success);
        wake?.();
      }
      callback(response);
    });
  }).then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error;
      finished = true;
      wake?.();
    },
  );
  for (;;) {
    const next = queue.shift();
    if (next !== undefined) {
      yield next;
      continue;
    }
    if (finished) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  await done;
  if (failure !== undefined) throw failure;
  const bad = statuses.find((status) => status !== Status.Success);
  if (bad !== undefined) throw statusError(node, `C-GET of series ${seriesInstanceUid}`, bad);
  if (completed === 0 && (sopInstanceUids?.length ?? 1) > 0)
    throw statusError(node, `C-GET of series ${seriesInstanceUid} (nothing sent)`, statuses[0] ?? -1);
}
