import { getPacsNodeWithSecret, type SecretKey } from '@cxcr4pet/db';
import { PacsError, type SeriesHit } from '@cxcr4pet/pacs';
import {
  type ImportSummary,
  type IncomingInstance,
  importInstances,
  type JobHandler,
  loadSecretKey,
  type Store,
} from '@cxcr4pet/store';
import { type PacsSource, pacsSourceOf } from './source.ts';

/** One series to retrieve: its study and series UIDs. */
export interface SeriesRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
}

/** The payload of an `import-pacs` job: the node, the participant, the chosen series. */
export interface ImportPacsPayload {
  readonly nodeId: string;
  readonly participantId: string;
  readonly series: readonly SeriesRef[];
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

function importPacsPayload(payload: Readonly<Record<string, unknown>>): ImportPacsPayload {
  const { nodeId, participantId, series } = payload;
  const refs = Array.isArray(series) ? (series as unknown[]) : [];
  const valid = refs.every((ref) => {
    const r = ref as Record<string, unknown>;
    return (
      typeof r.studyInstanceUid === 'string' &&
      UID.test(r.studyInstanceUid) &&
      typeof r.seriesInstanceUid === 'string' &&
      UID.test(r.seriesInstanceUid)
    );
  });
  if (typeof nodeId !== 'string' || typeof participantId !== 'string' || refs.length === 0 || !valid)
    throw new Error(
      'import-pacs job payload needs nodeId, participantId and series [{studyInstanceUid, seriesInstanceUid}]',
    );
  return { nodeId, participantId, series: refs as SeriesRef[] };
}

/** The configured node `nodeId` ready to be called (its secret opened with `key`); unknown: not-found. */
export async function openPacsSource(store: Store, nodeId: string, key: SecretKey): Promise<PacsSource> {
  const found = await getPacsNodeWithSecret(store.db.kysely, nodeId, key);
  if (found === undefined) throw new PacsError('not-found', `PACS node '${nodeId}' is not configured`);
  return pacsSourceOf(found.node, found.secret);
}

/** Series fetched at once (each one response stream; the disk work of one overlaps the other's network). */
const SERIES_IN_FLIGHT = 2;

/** What to fetch of one series: everything (`undefined`), some SOP instances, or nothing. */
interface Plan {
  readonly ref: SeriesRef;
  readonly hit: SeriesHit;
  readonly missing: readonly string[] | undefined;
}

/**
 * Decides per series what to retrieve, idempotent by SOP Instance UID: a series the participant has
 * nothing of comes whole in one retrieval; otherwise the node's instance list is compared with the
 * index and only the missing instances are fetched (none: nothing). A series the node does not have
 * is a `not-found` PacsError naming it and the node, before anything is received.
 */
async function plan(
  store: Store,
  source: PacsSource,
  participantId: string,
  refs: readonly SeriesRef[],
): Promise<Plan[]> {
  const db = store.db.kysely;
  const studies = new Map<string, SeriesHit[]>();
  const plans: Plan[] = [];
  for (const ref of refs) {
    let series = studies.get(ref.studyInstanceUid);
    if (series === undefined) {
      series = await source.searchSeries(ref.studyInstanceUid);
      studies.set(ref.studyInstanceUid, series);
    }
    const hit = series.find((s) => s.seriesInstanceUid === ref.seriesInstanceUid);
    if (hit === undefined)
      throw new PacsError(
        'not-found',
        `series ${ref.seriesInstanceUid} of study ${ref.studyInstanceUid} is not on PACS node '${source.nodeId}'`,
      );
    const stored = await db
      .selectFrom('dicom_instance')
      .select('sop_instance_uid')
      .where('series_instance_uid', '=', ref.seriesInstanceUid)
      .where('participant_id', '=', participantId)
      .execute();
    if (stored.length === 0) {
      plans.push({ ref, hit, missing: undefined });
      continue;
    }
    const have = new Set(stored.map((row) => row.sop_instance_uid));
    const onNode = await source.listInstances(ref.studyInstanceUid, ref.seriesInstanceUid);
    plans.push({ ref, hit, missing: onNode.filter((uid) => !have.has(uid)) });
  }
  return plans;
}

/** The instances of every planned series, `SERIES_IN_FLIGHT` series streaming at once. */
async function* retrieveAll(source: PacsSource, plans: readonly Plan[]): AsyncGenerator<IncomingInstance> {
  const work = plans.filter((p) => p.missing === undefined || p.missing.length > 0);
  const iterators = work.map((p) =>
    source.retrieve(p.ref.studyInstanceUid, p.ref.seriesInstanceUid, p.missing)[Symbol.asyncIterator](),
  );
  let next = 0;
  const active = new Map<
    number,
    Promise<{ lane: number; result: IteratorResult<{ sopInstanceUid: string; bytes: Uint8Array }> }>
  >();
  const pull = (lane: number) => {
    const iterator = iterators[lane];
    if (iterator !== undefined)
      active.set(
        lane,
        iterator.next().then((result) => ({ lane, result })),
      );
  };
  try {
    while (next < iterators.length && active.size < SERIES_IN_FLIGHT) pull(next++);
    while (active.size > 0) {
      const { lane, result } = await Promise.race(active.values());
      active.delete(lane);
      if (result.done) {
        if (next < iterators.length) pull(next++);
        continue;
      }
      yield { name: `pacs:${source.nodeId}/${result.value.sopInstanceUid}`, bytes: result.value.bytes };
      pull(lane);
    }
  } finally {
    // A failure (or a consumer that stops) closes every stream still open.
    await Promise.all(iterators.map((iterator) => iterator.return?.().catch(() => undefined)));
  }
}

/**
 * Imports chosen series of a configured node into the store for a participant (`importInstances`:
 * parsed, hashed and staged as they stream in, then all new instances made durable and indexed in one
 * transaction). Idempotent by SOP Instance UID; nothing is written when a series is unknown, the
 * node is unreachable or refuses, or the stream breaks.
 */
export async function importFromPacs(
  store: Store,
  source: PacsSource,
  request: {
    readonly participantId: string;
    readonly series: readonly SeriesRef[];
    readonly actor: string;
    readonly jobId: string | null;
  },
  options: Parameters<typeof importInstances>[3] = {},
): Promise<ImportSummary & { readonly nodeId: string; readonly received: number }> {
  const plans = await plan(store, source, request.participantId, request.series);
  const expected = plans.reduce((sum, p) => sum + (p.missing?.length ?? p.hit.instanceCount ?? 0), 0);
  let received = 0;
  const counted = async function* (): AsyncGenerator<IncomingInstance> {
    for await (const instance of retrieveAll(source, plans)) {
      received++;
      yield instance;
    }
  };
  if (expected === 0 && plans.every((p) => p.missing !== undefined)) {
    // Everything is stored already: nothing to fetch, nothing to write.
    const stored = plans.map((p) => ({
      seriesInstanceUid: p.ref.seriesInstanceUid,
      modality: p.hit.modality,
      seriesDescription: p.hit.description,
      instances: p.hit.instanceCount ?? 0,
    }));
    options.onProgress?.({ phase: 'receiving', done: 0, total: 0 });
    return {
      participantId: request.participantId,
      folder: `pacs:${source.nodeId}`,
      instancesAdded: 0,
      instancesAlreadyStored: stored.reduce((sum, s) => sum + s.instances, 0),
      series: stored,
      warnings: [],
      nodeId: source.nodeId,
      received: 0,
    };
  }
  const summary = await importInstances(
    store,
    {
      participantId: request.participantId,
      actor: request.actor,
      jobId: request.jobId,
      source: `pacs:${source.nodeId}`,
    },
    counted(),
    { ...options, expected },
  );
  return { ...summary, nodeId: source.nodeId, received };
}

/**
 * The `import-pacs` job: the node's secret opened with the data folder's key (`loadSecretKey`, the
 * same as the server's), `importFromPacs` with the job's payload, the index rows and the job's success
 * committed together.
 */
export const importPacsJob: JobHandler = async (context) => {
  const payload = importPacsPayload(context.job.payload);
  const key = await loadSecretKey(context.store.dataDir);
  const source = await openPacsSource(context.store, payload.nodeId, key);
  let result: Readonly<Record<string, unknown>> | undefined;
  await importFromPacs(
    context.store,
    source,
    {
      participantId: payload.participantId,
      series: payload.series,
      actor: context.job.createdBy,
      jobId: context.job.jobId,
    },
    {
      onProgress: (p) => context.progress(p.phase, p.done, p.total),
      commit: (work) =>
        context.complete(async (trx) => {
          result = { ...(await work(trx)), nodeId: payload.nodeId };
          return result;
        }),
    },
  ).then(async (summary) => {
    // Nothing fetched: the job still ends with its result (no rows to commit).
    if (result === undefined) await context.complete(async () => ({ ...summary }));
  });
};
