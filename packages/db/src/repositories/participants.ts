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
  /**
   * The caller knows pseudonyms only: a search must not turn a study code into its pseudonym, and the
   * list is ordered (and paged) by pseudonym, not by study code.
   */
  readonly pseudonymsOnly?: boolean;
  readonly siteId?: string;
  readonly sex?: 'female' | 'male';
  readonly status?: 'screening' | 'enrolled' | 'withdrawn';
  readonly eligibility?: 'eligible' | 'ineligible' | 'incomplete';
  readonly withIdentity: boolean;
  readonly limit: number;
  readonly offset: number;
  /**
   * Keyset pagination: only participants whose sort key (study code, or pseudonym when
   * `pseudonymsOnly`) comes after this one. Combined with `offset` the offset counts from there.
   */
  readonly after?: string;
  /** Count every match (`total`); off for the later pages of a keyset walk. Default true. */
  readonly count?: boolean;
}

/** One page of `listParticipants`. */
export interface ParticipantPage {
  /** Every match, counted exactly; `undefined` when the filter asked not to count. */
  readonly total: number | undefined;
  readonly items: readonly ParticipantSummary[];
  /** The sort key of the page's last participant when more follow (pass it back as `after`). */
  readonly nextAfter: string | undefined;
}

interface Row {
  participant_id: string;
  pseudonym: string;
  site_id: string;
  registered_at: Date;
  sex: string | null;
  enrolled_date: string | null;
  withdrawn_date: string | null;
  eligibility: string | null;
  full_name: string | null;
  birth_date: string | null;
  hospital_id: string | null;
  total: string | number | null;
}

const none = (value: string | null): string | undefined => value ?? undefined;

/**
 * One page of the participants of the caller's sites, ordered by study code (or pseudonym when
 * `pseudonymsOnly`), with the number of matches. Reads only `participant_summary` (migration 0011:
 * one narrow row per participant, kept by triggers in the transaction of every write to its sources):
 * filters and sorts are b-tree columns, the search a trigram-indexed `LIKE` on lower-cased columns, and
 * the count and the page are one query (the count an uncorrelated sub-query, evaluated once).
 * Identifying columns are neither read nor searched unless `withIdentity`.
 */
export async function listParticipants(
  db: Kysely<DbSchema>,
  filter: ParticipantFilter,
): Promise<ParticipantPage> {
  const counting = filter.count !== false;
  if (filter.siteIds.length === 0)
    return { total: counting ? 0 : undefined, items: [], nextAfter: undefined };
  const key = filter.pseudonymsOnly === true ? sql.ref('pseudonym') : sql.ref('participant_id');
  const conditions: RawBuilder<unknown>[] = [
    sql`site_id in (${sql.join(filter.siteIds.map((s) => sql`${s}`))})`,
  ];
  if (filter.siteId !== undefined) conditions.push(sql`site_id = ${filter.siteId}`);
  if (filter.sex !== undefined) conditions.push(sql`sex = ${filter.sex}`);
  if (filter.status !== undefined) conditions.push(sql`status = ${filter.status}`);
  if (filter.eligibility !== undefined) conditions.push(sql`eligibility = ${filter.eligibility}`);
  const q = filter.q?.trim().toLowerCase() ?? '';
  if (q !== '') {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Each term has a trigram index on the same expression (migration 0011): a bitmap OR of index scans.
    const fields =
      filter.pseudonymsOnly === true
        ? [sql`lower(pseudonym)`]
        : filter.withIdentity
          ? [
              sql`lower(participant_id)`,
              sql`lower(pseudonym)`,
              sql`lower(full_name)`,
              sql`lower(hospital_id)`,
            ]
          : [sql`lower(participant_id)`, sql`lower(pseudonym)`];
    conditions.push(
      sql`(${sql.join(
        fields.map((f) => sql`${f} like ${pattern}`),
        sql` or `,
      )})`,
    );
  }
  const where = sql.join(conditions, sql` and `);
  const identity = filter.withIdentity
    ? sql`full_name, birth_date, hospital_id`
    : sql`null::text as full_name, null::text as birth_date, null::text as hospital_id`;
  // One row more than the page says whether another page follows.
  const page = sql`select participant_id, pseudonym, site_id, registered_at, sex, enrolled_date,
      withdrawn_date, eligibility, ${identity}
    from participant_summary
    where ${where} ${filter.after === undefined ? sql`` : sql`and ${key} > ${filter.after}`}
    order by ${key} limit ${filter.limit + 1} offset ${filter.offset}`;
  // With a count, the page is joined to the count's one row, so an empty page still carries the total.
  const query = counting
    ? sql<Row>`select page.*, t.total
        from (select count(*) as total from participant_summary where ${where}) t
        left join lateral (${page}) page on true`
    : sql<Row>`select page.*, null as total from (${page}) page`;
  const all = (await query.execute(db)).rows;
  const total = counting ? Number(all[0]?.total ?? 0) : undefined;
  const rows = all.filter((row) => row.participant_id !== null);
  const shown = rows.slice(0, filter.limit);
  const last = shown.at(-1);
  return {
    total,
    nextAfter:
      rows.length > filter.limit && last !== undefined
        ? filter.pseudonymsOnly === true
          ? last.pseudonym
          : last.participant_id
        : undefined,
    items: shown.map((row) => ({
      participantId: row.participant_id,
      pseudonym: row.pseudonym,
      siteId: row.site_id,
      registeredAt: row.registered_at.toISOString(),
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
): Promise<ParticipantSite | undefined> {
  return (await participantSites(db, [key], by))[0];
}

export interface ParticipantSite {
  readonly participantId: string;
  readonly siteId: string;
  readonly pseudonym: string;
}

/** `participantSite` of several keys in one query; keys that name no participant are absent (any order). */
export async function participantSites(
  db: Kysely<DbSchema>,
  keys: readonly string[],
  by: 'participant-id' | 'pseudonym' = 'participant-id',
): Promise<readonly ParticipantSite[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('participant as p')
    .innerJoin('participant_pseudonym as ps', 'ps.participant_id', 'p.participant_id')
    .select(['p.participant_id', 'p.site_id', 'ps.pseudonym'])
    .where(by === 'pseudonym' ? 'ps.pseudonym' : 'p.participant_id', 'in', keys)
    .execute();
  return rows.map((row) => ({
    participantId: row.participant_id,
    siteId: row.site_id,
    pseudonym: row.pseudonym,
  }));
}
