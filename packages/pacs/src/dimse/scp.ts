import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import dimse from 'dcmjs-dimse';

// dcmjs-dimse logs every PDU at INFO on stdout; only its errors matter here (they also reach us as events).
dimse.log.setLevel('error');

import { instancePath } from '../import-series.ts';

const { Scp, Server } = dimse;
const { CEchoResponse, CStoreResponse } = dimse.responses;
const {
  Status,
  PresentationContextResult,
  RejectResult,
  RejectSource,
  RejectReason,
  SopClass,
  StorageClass,
  TransferSyntax,
} = dimse.constants;

type EchoRequest = InstanceType<typeof dimse.requests.CEchoRequest>;
type EchoResponse = InstanceType<typeof dimse.responses.CEchoResponse>;
type StoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type StoreResponse = InstanceType<typeof dimse.responses.CStoreResponse>;

/** Configuration of our C-STORE SCP: who we are, who may send, where files go. */
export interface StoreScpConfig {
  /** Our AE title; associations calling another title are rejected. */
  readonly aeTitle: string;
  /** Calling AE titles allowed to store (empty: any). */
  readonly allowedCallingAes: readonly string[];
  /** Received instances go to `<folder>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm`. */
  readonly folder: string;
  /** Called after each instance is written (path relative to `folder`). */
  readonly onStored?: (stored: {
    readonly callingAe: string;
    readonly path: string;
    readonly sopInstanceUid: string;
  }) => void;
  /** Called when an association is rejected (calling AE, called AE, reason). */
  readonly onRejected?: (rejected: {
    readonly callingAe: string;
    readonly calledAe: string;
    readonly reason: string;
  }) => void;
}

const ACCEPTED_SYNTAXES = new Set<string>([
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
]);
const STORAGE_CLASSES = new Set<string>(Object.values(StorageClass));

/**
 * A received dataset as Part 10 bytes: a file meta group (our implementation UID) before the
 * dataset in the transfer syntax it came in. The same dataset always gives the same bytes.
 */
export function part10Of(elements: Record<string, unknown>, transferSyntaxUid: string): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
      MediaStorageSOPClassUID: elements.SOPClassUID,
      MediaStorageSOPInstanceUID: elements.SOPInstanceUID,
      TransferSyntaxUID: transferSyntaxUid,
      ImplementationClassUID: '2.25.98732019284416271837546108265411750011',
      ImplementationVersionName: 'CXCR4PET_SCP',
    }),
  );
  dict.dict = DicomMetaDictionary.denaturalizeDataset(elements);
  return new Uint8Array(dict.write());
}

/** Writes a received dataset as a Part 10 file, atomically (temporary name, then rename). */
async function storeDataset(
  config: StoreScpConfig,
  elements: Record<string, unknown>,
  transferSyntaxUid: string,
): Promise<string> {
  const study = String(elements.StudyInstanceUID ?? 'unknown-study');
  const series = String(elements.SeriesInstanceUID ?? 'unknown-series');
  const sop = String(elements.SOPInstanceUID ?? '');
  const folder = join(config.folder, study, series);
  await mkdir(folder, { recursive: true });
  const path = instancePath(folder, sop);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, part10Of(elements, transferSyntaxUid));
  await rename(temporary, path);
  return join(study, series, `${sop}.dcm`);
}

/**
 * Starts a C-STORE SCP (and C-ECHO, for connection tests) with dcmjs-dimse: associations must call our
 * AE title, from an allowed calling AE; every storage SOP class is accepted in Explicit or Implicit VR
 * Little Endian; each instance is written idempotently by SOP Instance UID (a resend overwrites the same
 * file). Resolves once listening; `close()` stops it.
 */
export async function startStoreScp(config: StoreScpConfig, port: number): Promise<{ close: () => void }> {
  class StoreScp extends Scp {
    #callingAe = '';

    override associationRequested(association: InstanceType<typeof dimse.association.Association>) {
      const calling = association.getCallingAeTitle().trim();
      const called = association.getCalledAeTitle().trim();
      this.#callingAe = calling;
      const reject = (reason: number, text: string) => {
        config.onRejected?.({ callingAe: calling, calledAe: called, reason: text });
        this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
      };
      if (called !== config.aeTitle)
        return reject(RejectReason.CalledAeNotRecognized, `called AE ${called} is not ${config.aeTitle}`);
      if (config.allowedCallingAes.length > 0 && !config.allowedCallingAes.includes(calling))
        return reject(RejectReason.CallingAeNotRecognized, `calling AE ${calling} is not allowed`);
      for (const { id } of association.getPresentationContexts()) {
        const context = association.getPresentationContext(id);
        const abstract = context.getAbstractSyntaxUid();
        if (abstract !== SopClass.Verification && !STORAGE_CLASSES.has(abstract)) {
          context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
          continue;
        }
        const syntax = context.getTransferSyntaxUids().find((uid: string) => ACCEPTED_SYNTAXES.has(uid));
        if (syntax === undefined)
          context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
        else context.setResult(PresentationContextResult.Accept, syntax);
      }
      this.sendAssociationAccept();
    }

    override cEchoRequest(request: EchoRequest, callback: (response: EchoResponse) => void) {
      const response = CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override cStoreRequest(request: StoreRequest, callback: (response: StoreResponse) => void) {
      const response = CStoreResponse.fromRequest(request);
      const dataset = request.getDataset();
      if (dataset === undefined) {
        response.setStatus(Status.ProcessingFailure);
        callback(response);
        return;
      }
      storeDataset(config, dataset.getElements(), dataset.getTransferSyntaxUid()).then(
        (path) => {
          config.onStored?.({
            callingAe: this.#callingAe,
            path,
            sopInstanceUid: String(dataset.getElement('SOPInstanceUID')),
          });
          response.setStatus(Status.Success);
          callback(response);
        },
        () => {
          response.setStatus(Status.ProcessingFailure);
          callback(response);
        },
      );
    }

    override associationReleaseRequested() {
      this.sendAssociationReleaseResponse();
    }
  }
  const server = new Server(StoreScp);
  await new Promise<void>((resolve, reject) => {
    server.on('listening', () => resolve());
    server.on('networkError', (error: Error) => reject(error));
    server.listen(port);
  });
  return { close: () => server.close() };
}
