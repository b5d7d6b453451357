import dcmjs from 'dcmjs';
import dimse from 'dcmjs-dimse';

// dcmjs-dimse logs every PDU at INFO on stdout; only its errors matter here (they also reach us as events).
dimse.log.setLevel('error');

import { PacsError } from '../errors.ts';

const { Client, Dataset } = dimse;
const { CEchoRequest, CFindRequest, CMoveRequest, CStoreRequest } = dimse.requests;
const { Status } = dimse.constants;

/** A DICOM node reached over DIMSE: host, port and AE titles. */
export interface DimseNode {
  readonly host: string;
  readonly port: number;
  /** The remote application entity title (called AE). */
  readonly calledAe: string;
  /** Our application entity title (calling AE). */
  readonly callingAe: string;
}

export type DimseRequest =
  | InstanceType<typeof dimse.requests.CGetRequest>
  | InstanceType<typeof CEchoRequest>
  | InstanceType<typeof CFindRequest>
  | InstanceType<typeof CMoveRequest>
  | InstanceType<typeof CStoreRequest>;

export function where(node: DimseNode): string {
  return `${node.calledAe}@${node.host}:${node.port}`;
}

/**
 * Sends requests on one association and resolves when it is released; every failure is one PacsError.
 * `setup` may listen on the client first (C-GET's C-STORE sub-operations).
 */
export function associate(
  node: DimseNode,
  requests: readonly DimseRequest[],
  timeoutMs: number,
  setup?: (client: InstanceType<typeof Client>) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    setup?.(client);
    for (const request of requests) client.addRequest(request);
    let failure: PacsError | undefined;
    client.on('associationRejected', (result: { reason?: number }) => {
      failure = new PacsError(
        'association-rejected',
        `${where(node)} rejected the association from ${node.callingAe} (reason ${result?.reason ?? '?'})`,
      );
    });
    client.on('networkError', (error: Error) => {
      failure ??= new PacsError('unreachable', `cannot reach ${where(node)}: ${error.message}`);
    });
    client.on('closed', () => (failure === undefined ? resolve() : reject(failure)));
    client.send(node.host, node.port, node.callingAe, node.calledAe, {
      connectTimeout: timeoutMs,
      associationTimeout: timeoutMs,
      pduTimeout: timeoutMs,
    });
  });
}

export function statusError(node: DimseNode, what: string, status: number): PacsError {
  return new PacsError(
    'dimse-status',
    `${what} at ${where(node)} failed with status 0x${status.toString(16).padStart(4, '0')}`,
  );
}

/** A study found by C-FIND. */
export interface DimseStudyHit {
  readonly studyInstanceUid: string;
  readonly patientId: string;
  readonly studyDate: string;
  readonly modalities: readonly string[];
  readonly description: string;
}

/** C-FIND SCU (Study Root, STUDY level): studies by patient ID, date (or range) and modality. */
export async function findStudies(
  node: DimseNode,
  query: {
    readonly patientId?: string | undefined;
    readonly studyDate?: string | undefined;
    readonly modality?: string | undefined;
  },
  timeoutMs = 30_000,
): Promise<DimseStudyHit[]> {
  const request = CFindRequest.createStudyFindRequest({
    PatientID: query.patientId ?? '',
    StudyDate: query.studyDate ?? '',
    ModalitiesInStudy: query.modality ?? '',
    StudyInstanceUID: '',
    StudyDescription: '',
    PatientName: '',
  });
  const hits: DimseStudyHit[] = [];
  let status: number | undefined;
  request.on('response', (response) => {
    status = response.getStatus();
    const dataset = response.getDataset();
    if (status === Status.Pending && dataset !== undefined) {
      const value = (key: string) => dataset.getElement(key);
      const modalities = value('ModalitiesInStudy') as unknown;
      hits.push({
        studyInstanceUid: String(value('StudyInstanceUID') ?? ''),
        patientId: String(value('PatientID') ?? ''),
        studyDate: String(value('StudyDate') ?? ''),
        modalities: Array.isArray(modalities)
          ? modalities.map(String)
          : modalities
            ? String(modalities).split('\\')
            : [],
        description: String(value('StudyDescription') ?? ''),
      });
    }
  });
  await associate(node, [request], timeoutMs);
  if (status !== Status.Success) throw statusError(node, 'C-FIND', status ?? -1);
  return hits;
}

/**
 * C-ECHO (the DICOM "ping", PS3.7 §9.1.5): opens an association with the node's AE titles and asks for
 * a verification. Resolves on status Success; a refused association (unknown called or calling AE),
 * an unreachable host or another status is one PacsError naming the node.
 */
export async function echo(node: DimseNode, timeoutMs = 10_000): Promise<void> {
  const request = new CEchoRequest();
  let status: number | undefined;
  request.on('response', (response) => {
    status = response.getStatus();
  });
  await associate(node, [request], timeoutMs);
  if (status !== Status.Success) throw statusError(node, 'C-ECHO', status ?? -1);
}

/** Progress of a C-MOVE as the moving node reports it. */
export interface MoveProgress {
  readonly completed: number;
  readonly remaining: number;
  readonly failed: number;
}

/**
 * C-MOVE SCU: asks `node` to send a study (or one series) to the AE `destinationAe` (which the node must
 * know, e.g. our C-STORE SCP). Resolves with the final counts; a non-success status is a PacsError.
 */
export async function moveStudy(
  node: DimseNode,
  destinationAe: string,
  studyInstanceUid: string,
  seriesInstanceUid?: string,
  onProgress?: (progress: MoveProgress) => void,
  timeoutMs = 120_000,
): Promise<MoveProgress> {
  const request =
    seriesInstanceUid === undefined
      ? CMoveRequest.createStudyMoveRequest(destinationAe, studyInstanceUid)
      : CMoveRequest.createSeriesMoveRequest(destinationAe, studyInstanceUid, seriesInstanceUid);
  let last: MoveProgress = { completed: 0, remaining: 0, failed: 0 };
  let status: number | undefined;
  request.on('response', (response) => {
    status = response.getStatus();
    last = {
      completed: response.getCompleted() ?? last.completed,
      remaining: response.getRemaining() ?? 0,
      failed: response.getFailures() ?? 0,
    };
    onProgress?.(last);
  });
  await associate(node, [request], timeoutMs);
  if (status !== Status.Success) throw statusError(node, 'C-MOVE', status ?? -1);
  return last;
}

/** C-STORE SCU: sends Part 10 files on one association; resolves to the number stored. */
export async function storeFiles(
  node: DimseNode,
  files: readonly Uint8Array[],
  timeoutMs = 60_000,
): Promise<number> {
  const statuses: number[] = [];
  const requests = files.map((bytes) => {
    const file = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
    const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta);
    const dataset = new Dataset(
      dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict),
      String(meta.TransferSyntaxUID),
    );
    const request = new CStoreRequest(dataset);
    request.on('response', (response) => statuses.push(response.getStatus()));
    return request;
  });
  await associate(node, requests, timeoutMs);
  const failed = statuses.filter((status) => status !== Status.Success);
  if (statuses.length !== files.length || failed.length > 0)
    throw statusError(
      node,
      `C-STORE of ${files.length} files (${statuses.length - failed.length} stored)`,
      failed[0] ?? -1,
    );
  return statuses.length;
}
