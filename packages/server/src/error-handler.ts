import { DbError, type DbErrorCode } from '@cxcr4pet/db';
import { DicomError } from '@cxcr4pet/dicom';
import { PacsError, type PacsErrorCode } from '@cxcr4pet/pacs';
import { StoreError, type StoreErrorCode } from '@cxcr4pet/store';
import { StudyError } from '@cxcr4pet/study';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from './errors.ts';

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

const DB_STATUS: Record<DbErrorCode, number> = {
  'invalid-record': 400,
  'not-found': 404,
  'stale-version': 409,
  deleted: 409,
  'reason-required': 400,
  'actor-required': 500,
  duplicate: 409,
  'missing-reference': 400,
  constraint: 400,
  rejected: 409,
  'immutable-field': 400,
  locked: 409,
  'open-queries': 409,
  connection: 503,
  migration: 500,
  'secret-key': 500,
};

const STORE_STATUS: Record<StoreErrorCode, number> = {
  'folder-not-found': 400,
  'no-dicom': 400,
  'not-dicom': 400,
  'participant-not-found': 404,
  'sop-conflict': 409,
  'participant-conflict': 409,
  'file-changed': 409,
  'blob-missing': 500,
  'blob-corrupt': 500,
  'series-not-found': 404,
  'data-dir-locked': 503,
  'job-not-found': 404,
  'job-finished': 409,
  'lease-lost': 409,
  'export-target': 400,
  'secret-key': 500,
};

/** A PACS that cannot be reached or answers wrongly is a bad gateway; what the caller asked wrongly is theirs. */
const PACS_STATUS: Record<PacsErrorCode, number> = {
  unreachable: 502,
  'http-status': 502,
  'bad-response': 502,
  'association-rejected': 502,
  'dimse-status': 502,
  'not-found': 404,
  'invalid-option': 400,
};

/** `/data/syringeBefore/activityMBq` → `data.syringeBefore.activityMBq`. */
function fieldOfPointer(pointer: string): string | undefined {
  const parts = pointer.split('/').filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.join('.');
}

/**
 * Turns any error into a status and `{ code, message, field }`: the server's `ApiError`, the db room's
 * `DbError`, the study room's `StudyError`, a request that fails its zod schema (the first issue, with
 * the field), Fastify's own errors (bad JSON, wrong media type, body too large) and, last, anything
 * unexpected as a 500 whose details go to the log only.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  const body = (code: string, message: string, field?: string): ErrorBody =>
    field === undefined ? { code, message } : { code, message, field };
  if (error instanceof ApiError) {
    return { status: error.status, body: body(error.code, error.message, error.field) };
  }
  if (error instanceof DbError) {
    return { status: DB_STATUS[error.code], body: body(error.code, error.message, error.field) };
  }
  if (error instanceof StoreError) {
    const status = STORE_STATUS[error.code];
    // A missing or corrupt stored file is the server's fault: its path is for the log, not the client.
    if (status >= 500)
      return { status, body: body('internal', 'internal error; the server log has the details') };
    return { status, body: body(error.code, error.message) };
  }
  if (error instanceof PacsError) {
    return { status: PACS_STATUS[error.code], body: body(`pacs-${error.code}`, error.message) };
  }
  if (error instanceof DicomError) {
    return { status: 400, body: body(error.code, error.message) };
  }
  if (error instanceof StudyError) {
    return { status: 400, body: body(error.code, error.message, error.field) };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'request';
    const first = error.validation[0];
    const field = first === undefined ? undefined : fieldOfPointer(first.instancePath);
    const more = error.validation.length > 1 ? ` (and ${error.validation.length - 1} more)` : '';
    const message = `${where} field '${field ?? '(whole)'}': ${first?.message ?? 'invalid'}${more}`;
    return { status: 400, body: body('invalid-request', message, field) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const code = fastifyError.statusCode === 429 ? 'rate-limited' : 'invalid-request';
    return {
      status: fastifyError.statusCode,
      body: body(code, String(fastifyError.message ?? 'bad request').replace(/\s+/g, ' ')),
    };
  }
  return { status: 500, body: body('internal', 'internal error; the server log has the details') };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(status).send(body);
}
