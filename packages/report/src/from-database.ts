import type { DbSchema } from '@cxcr4pet/db';
import type { Scan } from '@cxcr4pet/study';
import type { Kysely } from 'kysely';
import type {
  AnalysisParameters,
  DatasetAnalysis,
  DatasetLesion,
  DatasetParticipant,
  DatasetSource,
  PerTracer,
  StudyDataset,
  Tracer,
} from './dataset.ts';
import {
  type BaselineImaging,
  datasetFromRecords,
  type ParticipantData,
  type TypedData,
} from './records-dataset.ts';

/** A lesion of the reference standard: where it is (patient LPS, mm) and how large. */
export interface ReferenceLesion {
  readonly name: string;
  readonly centreMm: readonly [number, number, number];
  readonly radiusMm: number;
}

export interface DatabaseDatasetOptions {
  readonly title: string;
  readonly source: DatasetSource;
  readonly parameters: AnalysisParameters;
  /**
   * The reference standard of lesions per participant (a synthetic cohort's truth; a consensus read).
   * Without it the reference is the union of the lesions found on either tracer (the pairs and the
   * unpaired lesions of the FDG ↔ Pentixafor comparison), and every found lesion counts for the
   * per-patient SUVmax.
   */
  readonly referenceLesions?: ReadonlyMap<string, readonly ReferenceLesion[]>;
}

/** A lesion as `analyze --json` stores it (the fields the report uses). */
interface StoredLesion {
  readonly suvMax: number;
  readonly suvMaxMm: readonly [number, number, number];
}

interface AnalysisRow {
  readonly analysisId: string;
  readonly participantId: string;
  readonly seriesInstanceUid: string;
  readonly parameters: { readonly arguments?: readonly string[]; readonly otherSeriesInstanceUid?: string };
  readonly software: { readonly version?: string; readonly commit?: string | null };
  readonly result: Record<string, unknown>;
  readonly createdAt: string;
}

/** Lesions of a stored `analyze` result, or of one side of a stored `compare` result. */
function lesionsOf(value: unknown): StoredLesion[] {
  return Array.isArray(value) ? (value as StoredLesion[]) : [];
}

function distanceMm(a: readonly number[], b: readonly number[]): number {
  return Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));
}

/** Half the voxel diagonal of a stored analysis: how far a lesion's hottest voxel centre may lie outside it. */
function toleranceMm(result: Record<string, unknown>): number {
  const spacing = (result.pet as { spacingMm?: readonly number[] } | undefined)?.spacingMm ?? [0, 0, 0];
  return Math.hypot(...spacing) / 2;
}

/**
 * A found lesion shows a reference lesion when its hottest voxel lies within the reference sphere,
 * widened by half a voxel diagonal (a voxel centre is where the maximum is measured).
 */
function shows(found: StoredLesion, reference: ReferenceLesion, tolerance: number): boolean {
  return distanceMm(found.suvMaxMm, reference.centreMm) <= reference.radiusMm + tolerance;
}

/** The rule a stored result states: `segmentation.description`; for a comparison its registration and matching too. */
function methodOf(result: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const segmentation = (r: unknown) =>
    text((r as { segmentation?: { description?: unknown } } | undefined)?.segmentation?.description);
  if (result.registration === undefined) return segmentation(result);
  const registration = text((result.registration as { method?: unknown }).method);
  const matching = result.matching as { method?: unknown; maxDistanceMm?: unknown } | undefined;
  return `${segmentation(result.a)}; registration: ${registration}; matching: ${text(matching?.method)}, at most ${String(matching?.maxDistanceMm)} mm`;
}

async function readAnalyses(db: Kysely<DbSchema>): Promise<AnalysisRow[]> {
  const rows = await db
    .selectFrom('analysis')
    .selectAll()
    .orderBy('created_at')
    .orderBy('analysis_id')
    .execute();
  return rows.map((r) => ({
    analysisId: r.analysis_id,
    participantId: r.participant_id,
    seriesInstanceUid: r.series_instance_uid,
    parameters: r.parameters as AnalysisRow['parameters'],
    software: r.software as AnalysisRow['software'],
    result: r.result as Record<string, unknown>,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * The study dataset read from the study database: the latest version of every record, turned into the
 * dataset by `datasetFromRecords` (the same derivation as the server's dashboards: age, diagnosis, labs,
 * PFS/OS by `deriveSurvival`), with the stored analyses as the imaging — per scan the latest `analyze`
 * result of the PET series its scan record names, per participant the latest FDG ↔ Pentixafor
 * comparison. Every imaging value carries the id of the analysis it came from (`analyses` lists them
 * with options and software). Enrolled participants without both analysed scans (or other required
 * records) are left out and counted in `notAnalysed`.
 */
export async function datasetFromDatabase(
  db: Kysely<DbSchema>,
  options: DatabaseDatasetOptions,
): Promise<StudyDataset> {
  const ids = (
    await db.selectFrom('participant').select('participant_id').orderBy('participant_id').execute()
  ).map((r) => r.participant_id);
  const rows = await db
    .selectFrom('study_record')
    .select(['participant_id', 'record_type', 'data'])
    .where('deleted', '=', false)
    .orderBy('created_at')
    .orderBy('record_id')
    .execute();
  const recordsOf = new Map<string, TypedData[]>(ids.map((id) => [id, []]));
  for (const r of rows) recordsOf.get(r.participant_id)?.push({ type: r.record_type, data: r.data });
  const analyses = await readAnalyses(db);
  const singleBySeries = new Map<string, AnalysisRow>();
  const compareByParticipant = new Map<string, AnalysisRow>();
  for (const a of analyses) {
    if (a.parameters.otherSeriesInstanceUid === undefined) singleBySeries.set(a.seriesInstanceUid, a);
    else compareByParticipant.set(a.participantId, a);
  }
  const used = new Map<string, DatasetAnalysis>();
  const cite = (a: AnalysisRow, kind: DatasetAnalysis['kind'], tracer: Tracer | null): string => {
    used.set(a.analysisId, {
      analysisId: a.analysisId,
      participantId: a.participantId,
      kind,
      tracer,
      seriesInstanceUid: a.seriesInstanceUid,
      arguments: [...(a.parameters.arguments ?? [])],
      softwareVersion: a.software.version ?? 'unknown',
      softwareCommit: a.software.commit ?? null,
      createdAt: a.createdAt,
      method: methodOf(a.result),
    });
    return a.analysisId;
  };
  const perScan = new Map<string, PerTracer<AnalysisRow | undefined>>();
  const people: ParticipantData[] = ids.map((participantId) => {
    const records = recordsOf.get(participantId) ?? [];
    const scans = records.filter((r) => r.type === 'scan').map((r) => r.data as Scan);
    const single = (tracer: Tracer) => {
      const uid = scans.find((s) => s.tracer === tracer && s.timepoint === 'baseline')?.petSeriesInstanceUid;
      return uid === undefined ? undefined : singleBySeries.get(uid);
    };
    const analysed = { pentixafor: single('pentixafor'), fdg: single('fdg') };
    perScan.set(participantId, analysed);
    const reference = options.referenceLesions?.get(participantId);
    const imaging = (a: AnalysisRow | undefined): BaselineImaging | undefined => {
      if (a === undefined) return undefined;
      const tolerance = toleranceMm(a.result);
      const found = lesionsOf(a.result.lesions);
      const counted =
        reference === undefined
          ? found
          : found.filter((l) => reference.some((ref) => shows(l, ref, tolerance)));
      return { suvMax: Math.max(0, ...counted.map((l) => l.suvMax)), lesionCount: counted.length };
    };
    const pentixafor = imaging(analysed.pentixafor);
    const fdg = imaging(analysed.fdg);
    return {
      participantId,
      records,
      imaging: {
        ...(pentixafor === undefined ? {} : { pentixafor }),
        ...(fdg === undefined ? {} : { fdg }),
      },
    };
  });
  const { dataset, excluded } = datasetFromRecords(people, {
    title: options.title,
    description: '',
    parameters: options.parameters,
  });
  const participants: DatasetParticipant[] = dataset.participants.map((p) => {
    const analysed = perScan.get(p.participantId);
    if (analysed?.pentixafor === undefined || analysed.fdg === undefined) return p;
    return {
      ...p,
      analysisIds: {
        pentixafor: cite(analysed.pentixafor, 'analyse-series', 'pentixafor'),
        fdg: cite(analysed.fdg, 'analyse-series', 'fdg'),
      },
    };
  });
  const lesions = participants.flatMap((p) => {
    const comparison = compareByParticipant.get(p.participantId);
    return comparison === undefined
      ? []
      : lesionsOfComparison(
          p.participantId,
          comparison,
          options.referenceLesions?.get(p.participantId),
          cite,
        );
  });
  return {
    ...dataset,
    source: options.source,
    participants,
    lesions,
    analyses: [...used.values()],
    notAnalysed: excluded.length,
  };
}

/**
 * The per-lesion rows of one participant from the stored comparison (A = Pentixafor, B = FDG): with a
 * reference standard, one row per reference lesion, seen on a tracer when a lesion of that side shows
 * it; without, one row per pair (seen on both) and per unpaired lesion (seen on its tracer only).
 */
function lesionsOfComparison(
  participantId: string,
  comparison: AnalysisRow,
  reference: readonly ReferenceLesion[] | undefined,
  cite: (a: AnalysisRow, kind: DatasetAnalysis['kind'], tracer: Tracer | null) => string,
): DatasetLesion[] {
  return lesionsOfComparisonResult(
    participantId,
    comparison.result,
    cite(comparison, 'compare-series', null),
    reference,
  );
}

/**
 * The per-lesion rows of one participant from a stored `compare --json` result (A = Pentixafor, B =
 * FDG), each citing `analysisId`: with a reference standard, one row per reference lesion, seen on a
 * tracer when a lesion of that side shows it (hottest voxel inside the sphere widened by half a voxel
 * diagonal); without, the union of the lesions found — one row per pair (seen on both) and per unpaired
 * lesion (seen on its tracer only), `lesionId` `<participant>/L<n>`. Pure.
 */
export function lesionsOfComparisonResult(
  participantId: string,
  result: Readonly<Record<string, unknown>>,
  analysisId: string,
  reference?: readonly ReferenceLesion[],
): DatasetLesion[] {
  const pairs = Array.isArray(result.pairs) ? (result.pairs as { a: StoredLesion; b: StoredLesion }[]) : [];
  const side: PerTracer<StoredLesion[]> = {
    pentixafor: [...pairs.map((p) => p.a), ...lesionsOf(result.onlyA)],
    fdg: [...pairs.map((p) => p.b), ...lesionsOf(result.onlyB)],
  };
  if (reference === undefined) {
    const row = (n: number, a: StoredLesion | undefined, b: StoredLesion | undefined): DatasetLesion => ({
      participantId,
      lesionId: `${participantId}/L${n}`,
      site: `found lesion ${n}`,
      detected: { pentixafor: a !== undefined, fdg: b !== undefined },
      suvMax: { pentixafor: a?.suvMax ?? 0, fdg: b?.suvMax ?? 0 },
      analysisId,
    });
    return [
      ...pairs.map((p, i) => row(i + 1, p.a, p.b)),
      ...lesionsOf(result.onlyA).map((l, i) => row(pairs.length + i + 1, l, undefined)),
      ...lesionsOf(result.onlyB).map((l, i) =>
        row(pairs.length + lesionsOf(result.onlyA).length + i + 1, undefined, l),
      ),
    ];
  }
  const tolerance = Math.max(
    toleranceMm((result.a as Record<string, unknown> | undefined) ?? {}),
    toleranceMm((result.b as Record<string, unknown> | undefined) ?? {}),
  );
  return reference.map((ref) => {
    const hit = (tracer: Tracer) =>
      side[tracer].filter((l) => shows(l, ref, tolerance)).sort((x, y) => y.suvMax - x.suvMax)[0];
    const p = hit('pentixafor');
    const f = hit('fdg');
    return {
      participantId,
      lesionId: `${participantId}/${ref.name}`,
      site: ref.name,
      detected: { pentixafor: p !== undefined, fdg: f !== undefined },
      suvMax: { pentixafor: p?.suvMax ?? 0, fdg: f?.suvMax ?? 0 },
      analysisId,
    };
  });
}
