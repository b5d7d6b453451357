import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DbSchema } from '../schema.ts';

/** A participant as a list shows them: the registration, the participant record's summary, the latest verdict. */
export interface ParticipantSummary {
  readonly participantId: string;
  /** Random code made at registration; what statisticians see instead of the study code. */
  readonly pseudonym: string;
  readonly siteId: string;
  readonly registeredAt: string;
  readonly sex: 'female' | 'male' | undefined;
  readonly enrolledDate: string | undefined;
  readonly withdrawnDate: string | undefined;
  /** Kind of the latest stored eligibility verdict, if any. */
  readonly eligibility: 'eligible' | 'ineligible' | 'incomplete' | undefined;
  /** Name, birth date and hospital id; only when the caller asked for identifying data. */
  readonly identity: { fullName: string; birthDate: string; hospitalId: string } | undefined;
}

/** Filters of `listParticipants`; `siteIds` is the caller's scope and always applies. */
export interface ParticipantFilter {
  readonly siteIds: readonly string[];
  /**
   * Case-insensitive substring of the pseudonym, of the study code unless `pseudonymsOnly`, and of
   * name/hospital id when `withIdentity`.
   */
  readonly q?: string;
  /** The caller knows pseudonyms only: a search must not turn a study code into its pseudonym. */
  readonly pseudonymsOnly?: boolean;
  readonly siteId?: string;
  readonly sex?: 'female' | 'male';
  readonly status?: 'screening' | 'enrolled' | 'withdrawn';
  readonly eligibility?: 'eligible' | 'ineligible' | 'incomplete';
  readonly withIdentity: boolean;
  readonly limit: number;
  readonly offset: number;
}

interface Row {
  participant_id: string;
  pseudonym: string;
  site_id: string;
  created_at: Date;
  sex: string | null;
  enrolled_date: string | null;
  withdrawn_date: string | null;
  eligibility: string | null;
  full_name: string | null;
  birth_date: string | null;
  hospital_id: string | null;
}

const none = (value: string | null): string | undefined => value ?? undefined;

/**
 * One page of the participants of the caller's sites, by study code, with the total count of matches.
 * One query: the participant record is joined through its unique index, the latest verdict and the
 * identity record through lateral look-ups on `(participant_id, record_type)`.
 */
export async function listParticipants(
  db: Kysely<DbSchema>,
  filter: ParticipantFilter,
): Promise<{ total: number; items: readonly ParticipantSummary[] }> {
  if (filter.siteIds.length === 0) return { total: 0, items: [] };
  const conditions: RawBuilder<unknown>[] = [
    sql`p.site_id in (${sql.join(filter.siteIds.map((s) => sql`${s}`))})`,
  ];
  if (filter.siteId !== undefined) conditions.push(sql`p.site_id = ${filter.siteId}`);
  if (filter.sex !== undefined) conditions.push(sql`r.data ->> 'sex' = ${filter.sex}`);
  if (filter.status === 'withdrawn') conditions.push(sql`r.data ? 'withdrawnDate'`);
  if (filter.status === 'enrolled')
    conditions.push(sql`r.data ? 'enrolledDate' and not (r.data ? 'withdrawnDate')`);
  if (filter.status === 'screening')
    conditions.push(sql`not (r.data ? 'enrolledDate') and not (r.data ? 'withdrawnDate')`);
  if (filter.eligibility !== undefined)
    conditions.push(sql`(select data ->> 'kind' from study_record
      where participant_id = p.participant_id and record_type = 'eligibility-verdict' and not deleted
      order by created_at desc limit 1) = ${filter.eligibility}`);
  const q = filter.q?.trim() ?? '';
  if (q !== '') {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The identity records are searched through their trigram indexes (migration 0006), in a
    // sub-query of their own: an OR with the participant's own columns inside one scan would make
    // the planner read every identity record's jsonb.
    const pseudonymMatch = sql`select participant_id from participant_pseudonym where pseudonym ilike ${pattern}`;
    const identityMatch = sql`select participant_id from study_record
      where record_type = 'participant-identity' and not deleted
        and (data ->> 'fullName' ilike ${pattern} or data ->> 'hospitalId' ilike ${pattern})`;
    conditions.push(
      filter.pseudonymsOnly === true
        ? sql`p.participant_id in (${pseudonymMatch})`
        : filter.withIdentity
          ? sql`(p.participant_id ilike ${pattern} or p.participant_id in (${pseudonymMatch} union all ${identityMatch}))`
          : sql`(p.participant_id ilike ${pattern} or p.participant_id in (${pseudonymMatch}))`,
    );
  }
  // Filtering and paging first, on the participant and its participant record; the latest verdict and
  // the identity are looked up for the rows of the page only (a window count would evaluate every
  // match's look-ups).
  // The participant record is joined into the filter only when a condition reads it.
  const needsRecord = filter.sex !== undefined || filter.status !== undefined;
  const from = sql`from participant p
    ${needsRecord ? sql`join study_record r on r.participant_id = p.participant_id and r.record_type = 'participant'` : sql``}
    where ${sql.join(conditions, sql` and `)}`;
  const identityJoin = filter.withIdentity
    ? sql`left join lateral (select data from study_record
            where participant_id = page.participant_id and record_type = 'participant-identity' and not deleted
            order by created_at desc limit 1) i on true`
    : sql`left join lateral (select null::jsonb as data) i on true`;
  // A search evaluates its filter once: the matches are materialised and both counted and paged
  // (a search matches few participants). A plain list keeps two queries, so that its page is read in
  // primary-key order and stops after `limit` rows instead of sorting every visible participant.
  const searching = q !== '';
  const matches = searching
    ? sql`with matches as materialized (select p.participant_id, p.site_id, p.created_at ${from})`
    : sql``;
  const pageSource = searching
    ? sql`(select participant_id, site_id, created_at, (select count(*) from matches) as total
          from matches order by participant_id limit ${filter.limit} offset ${filter.offset})`
    : sql`(select p.participant_id, p.site_id, p.created_at, null::bigint as total ${from}
          order by p.participant_id limit ${filter.limit} offset ${filter.offset})`;
  const pageQuery = sql<Row & { total: string | number | null }>`${matches}
    select page.participant_id, ps.pseudonym, page.site_id, page.created_at, page.total,
           r.data ->> 'sex' as sex, r.data ->> 'enrolledDate' as enrolled_date,
           r.data ->> 'withdrawnDate' as withdrawn_date, v.kind as eligibility,
           i.data ->> 'fullName' as full_name, i.data ->> 'birthDate' as birth_date,
           i.data ->> 'hospitalId' as hospital_id
    from ${pageSource} page
    join participant_pseudonym ps on ps.participant_id = page.participant_id
    left join study_record r on r.participant_id = page.participant_id and r.record_type = 'participant'
    left join lateral (select data ->> 'kind' as kind from study_record
            where participant_id = page.participant_id and record_type = 'eligibility-verdict' and not deleted
            order by created_at desc limit 1) v on true
    ${identityJoin}
    order by page.participant_id`;
  const countQuery = sql<{ total: string | number }>`select count(*) as total ${from}`;
  const [result, counted] = searching
    ? [await pageQuery.execute(db), undefined]
    : await Promise.all([pageQuery.execute(db), countQuery.execute(db)]);
  // An empty page of a search has no row to carry the total: count then (past the last page only).
  const total =
    counted !== undefined
      ? Number(counted.rows[0]?.total ?? 0)
      : result.rows.length > 0
        ? Number(result.rows[0]?.total ?? 0)
        : filter.offset === 0
          ? 0
          : Number((await countQuery.execute(db)).rows[0]?.total ?? 0);
  return {
    total,
    items: result.rows.map((row) => ({
      participantId: row.participant_id,
      pseudonym: row.pseudonym,
      siteId: row.site_id,
      registeredAt: row.created_at.toISOString(),
      sex: row.sex === 'female' || row.sex === 'male' ? row.sex : undefined,
      enrolledDate: none(row.enrolled_date),
      withdrawnDate: none(row.withdrawn_date),
      eligibility:
        row.eligibility === 'eligible' || row.eligibility === 'ineligible' || row.eligibility === 'incomplete'
          ? row.eligibility
          : undefined,
      identity:
        filter.withIdentity && row.full_name !== null && row.birth_date !== null && row.hospital_id !== null
          ? { fullName: row.full_name, birthDate: row.birth_date, hospitalId: row.hospital_id }
          : undefined,
    })),
  };
}

/** Where a participant is registered and their pseudonym, or `undefined`; looked up by study code or by pseudonym. */
export async function participantSite(
  db: Kysely<DbSchema>,
  key: string,
  by: 'participant-id' | 'pseudonym' = 'participant-id',
): Promise<{ participantId: string; siteId: string; pseudonym: string } | undefined> {
  const row = await db
    .selectFrom('participant as p')
    .innerJoin('participant_pseudonym as ps', 'ps.participant_id', 'p.participant_id')
    .select(['p.participant_id', 'p.site_id', 'ps.pseudonym'])
    .where(by === 'pseudonym' ? 'ps.pseudonym' : 'p.participant_id', '=', key)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { participantId: row.participant_id, siteId: row.site_id, pseudonym: row.pseudonym };
}
