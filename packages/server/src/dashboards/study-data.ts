import type { StudyDb } from '@cxcr4pet/db';
import {
  type BaselineImaging,
  type DatasetLesion,
  lesionsOfComparisonResult,
  type ParticipantData,
  type TypedData,
} from '@cxcr4pet/report';
import type { Scan } from '@cxcr4pet/study';

/** The lesions of a stored analysis result (`analyze --json`'s contract), or undefined when it has none. */
function lesionsOf(result: unknown): readonly { suvMax: number }[] | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const lesions = (result as { lesions?: unknown }).lesions;
  if (!Array.isArray(lesions)) return undefined;
  return lesions.filter(
    (l): l is { suvMax: number } =>
      typeof l === 'object' && l !== null && typeof (l as { suvMax?: unknown }).suvMax === 'number',
  );
}

/** A stored `compare --json` result: lesion pairs and the unpaired lesions of each side. */
function isComparison(result: unknown): result is Record<string, unknown> {
  return (
    typeof result === 'object' && result !== null && Array.isArray((result as { pairs?: unknown }).pairs)
  );
}

/**
 * Everyone's current records (latest version, deleted records left out, entry order) at the given
 * sites (`undefined`: all sites), and for each participant the newest analysis of each baseline scan's
 * PET series (`scan.petSeriesInstanceUid` ↔ `analysis.series_instance_uid`): per-patient SUVmax = the
 * hottest lesion's (0 when it found none). Participants keyed by their study code, plus each one's pseudonym.
 * `lesions`: per participant the lesions of their newest FDG ↔ Pentixafor comparison (a `compare-series`
 * analysis), the union of the lesions found on either tracer — there is no reference standard here.
 */
export async function loadStudyData(
  db: StudyDb,
  siteIds: readonly string[] | undefined,
): Promise<{
  readonly people: ParticipantData[];
  readonly lesions: readonly DatasetLesion[];
  readonly pseudonyms: ReadonlyMap<string, string>;
}> {
  const k = db.kysely;
  if (siteIds !== undefined && siteIds.length === 0)
    return { people: [], lesions: [], pseudonyms: new Map() };
  let participants = k
    .selectFrom('participant')
    .leftJoin('participant_pseudonym', 'participant_pseudonym.participant_id', 'participant.participant_id')
    .select(['participant.participant_id as participantId', 'participant_pseudonym.pseudonym as pseudonym']);
  if (siteIds !== undefined) participants = participants.where('participant.site_id', 'in', siteIds);
  const rows = await participants.orderBy('participant.participant_id').execute();
  const ids = rows.map((r) => r.participantId);
  if (ids.length === 0) return { people: [], lesions: [], pseudonyms: new Map() };

  const records = await k
    .selectFrom('study_record')
    .select(['participant_id', 'record_type', 'data'])
    .where('deleted', '=', false)
    .where('participant_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('record_id')
    .execute();
  const analyses = await k
    .selectFrom('analysis')
    .select(['analysis_id', 'participant_id', 'series_instance_uid', 'result'])
    .where('participant_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('analysis_id')
    .execute();
  const newestBySeries = new Map<string, unknown>();
  const newestComparison = new Map<string, { analysisId: string; result: Record<string, unknown> }>();
  // A compare-series analysis is stored under its first PET series too; it has no top-level lesions.
  for (const a of analyses) {
    if (lesionsOf(a.result) !== undefined) newestBySeries.set(a.series_instance_uid, a.result);
    else if (isComparison(a.result))
      newestComparison.set(a.participant_id, { analysisId: a.analysis_id, result: a.result });
  }

  const byParticipant = new Map<string, TypedData[]>(ids.map((id) => [id, []]));
  for (const r of records) byParticipant.get(r.participant_id)?.push({ type: r.record_type, data: r.data });

  const people = ids.map((participantId): ParticipantData => {
    const own = byParticipant.get(participantId) ?? [];
    const imaging: { pentixafor?: BaselineImaging; fdg?: BaselineImaging } = {};
    for (const r of own) {
      if (r.type !== 'scan') continue;
      const scan = r.data as Scan;
      if (scan.timepoint !== 'baseline' || scan.petSeriesInstanceUid === undefined) continue;
      const lesions = lesionsOf(newestBySeries.get(scan.petSeriesInstanceUid));
      if (lesions === undefined) continue;
      imaging[scan.tracer] = {
        suvMax: lesions.reduce((max, l) => Math.max(max, l.suvMax), 0),
        lesionCount: lesions.length,
      };
    }
    return { participantId, records: own, imaging };
  });
  const lesions = [...newestComparison.entries()].flatMap(([participantId, c]) =>
    lesionsOfComparisonResult(participantId, c.result, c.analysisId),
  );
  return {
    people,
    lesions,
    pseudonyms: new Map(rows.map((r) => [r.participantId, r.pseudonym ?? r.participantId])),
  };
}
