import type { DbSchema } from '@cxcr4pet/db';
import { IDENTIFYING_RECORD_TYPES, RECORD_SCHEMAS, type RecordType } from '@cxcr4pet/study';
import type { Kysely } from 'kysely';
import { type Cell, cellAt, columnsOfSchema, type ExportColumn, type ExportTable } from './columns.ts';

/** `visual-read` → `visual_read`: table and file names that R and spreadsheets take as they are. */
export function tableName(recordType: string): string {
  return recordType.replace(/-/g, '_');
}

const RECORD_KEYS: readonly ExportColumn[] = [
  { name: 'record_id', label: 'record identifier', kind: 'string' },
  { name: 'participant_id', label: 'participant (study code)', kind: 'string' },
  { name: 'version', label: 'record version', kind: 'integer' },
];

async function recordTable(db: Kysely<DbSchema>, type: RecordType): Promise<ExportTable> {
  const identifying = IDENTIFYING_RECORD_TYPES.includes(type);
  const dataColumns = columnsOfSchema(RECORD_SCHEMAS[type], ['participantId']).map((c) =>
    identifying ? { ...c, identifying: true } : c,
  );
  const rows = await db
    .selectFrom('study_record')
    .select(['record_id', 'participant_id', 'version', 'data'])
    .where('record_type', '=', type)
    .where('deleted', '=', false)
    .orderBy('participant_id')
    .orderBy('created_at')
    .orderBy('record_id')
    .execute();
  return {
    name: tableName(type),
    label: `${type} records (latest version, deleted records left out)`,
    columns: [...RECORD_KEYS, ...dataColumns],
    rows: rows.map((r) => [
      r.record_id,
      r.participant_id,
      r.version,
      ...dataColumns.map((c) => cellAt(r.data, c.name, c.kind)),
    ]),
  };
}

async function seriesTable(db: Kysely<DbSchema>): Promise<ExportTable> {
  const rows = await db
    .selectFrom('dicom_instance')
    .select((eb) => [
      'participant_id',
      'study_instance_uid',
      'series_instance_uid',
      'modality',
      'series_description',
      'dicom_patient_id',
      eb.fn.countAll<string | number>().as('instances'),
      eb.fn.min('imported_at').as('first_imported_at'),
    ])
    .groupBy([
      'participant_id',
      'study_instance_uid',
      'series_instance_uid',
      'modality',
      'series_description',
      'dicom_patient_id',
    ])
    .orderBy('participant_id')
    .orderBy('series_instance_uid')
    .execute();
  return {
    name: 'imaging_series',
    label: 'stored DICOM series',
    columns: [
      { name: 'participant_id', label: 'participant (study code)', kind: 'string' },
      { name: 'study_instance_uid', label: 'DICOM Study Instance UID', kind: 'string' },
      { name: 'series_instance_uid', label: 'DICOM Series Instance UID', kind: 'string' },
      {
        name: 'modality',
        label: 'DICOM modality',
        kind: 'factor',
        levels: ['PT', 'CT', 'MR', 'SEG', 'SR', 'OT'],
      },
      { name: 'series_description', label: 'DICOM series description', kind: 'string' },
      { name: 'dicom_patient_id', label: 'DICOM Patient ID', kind: 'string', identifying: true },
      { name: 'instances', label: 'stored instances', kind: 'integer' },
      { name: 'first_imported_at', label: 'first imported at', kind: 'datetime' },
    ],
    rows: rows.map((r) => [
      r.participant_id,
      r.study_instance_uid,
      r.series_instance_uid,
      r.modality,
      r.series_description,
      r.dicom_patient_id,
      Number(r.instances),
      new Date(r.first_imported_at as unknown as string | Date).toISOString(),
    ]),
  };
}

type Json = Record<string, unknown>;

function field(object: unknown, ...path: string[]): unknown {
  let value = object;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

function num(value: unknown): Cell {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): Cell {
  return typeof value === 'string' ? value : null;
}

async function analysisTables(db: Kysely<DbSchema>): Promise<readonly ExportTable[]> {
  const rows = await db
    .selectFrom('analysis')
    .selectAll()
    .orderBy('participant_id')
    .orderBy('created_at')
    .execute();
  const analyses: Cell[][] = [];
  const lesions: Cell[][] = [];
  for (const r of rows) {
    const result = r.result as Json;
    analyses.push([
      r.analysis_id,
      r.participant_id,
      r.series_instance_uid,
      JSON.stringify(r.input_series_uids),
      JSON.stringify(r.parameters),
      str(field(r.software, 'version')),
      str(field(r.software, 'commit')),
      str(field(result, 'segmentation', 'method')),
      str(field(result, 'suv', 'kind')),
      num(field(result, 'totals', 'lesionCount')),
      num(field(result, 'totals', 'totalVolumeMl')),
      num(field(result, 'totals', 'totalLesionUptake')),
      r.created_at.toISOString(),
      r.created_by,
    ]);
    const found = field(result, 'lesions');
    for (const lesion of Array.isArray(found) ? found : []) {
      lesions.push([
        r.analysis_id,
        r.participant_id,
        num(field(lesion, 'label')),
        num(field(lesion, 'voxelCount')),
        num(field(lesion, 'volumeMl')),
        num(field(lesion, 'suvMax')),
        num(field(lesion, 'suvMean')),
        num(field(lesion, 'suvPeak')),
        num(field(lesion, 'totalLesionUptake')),
      ]);
    }
  }
  return [
    {
      name: 'analysis',
      label: 'stored analyses (one per run) with provenance',
      columns: [
        { name: 'analysis_id', label: 'analysis identifier', kind: 'string' },
        { name: 'participant_id', label: 'participant (study code)', kind: 'string' },
        { name: 'series_instance_uid', label: 'analysed PET series', kind: 'string' },
        { name: 'input_series_uids', label: 'every input series (JSON array)', kind: 'json' },
        { name: 'parameters', label: 'analysis parameters (JSON)', kind: 'json' },
        { name: 'software_version', label: 'cxcr4pet version', kind: 'string' },
        { name: 'software_commit', label: 'cxcr4pet git commit', kind: 'string' },
        { name: 'segmentation', label: 'segmentation method', kind: 'string' },
        { name: 'suv_kind', label: 'SUV normalisation', kind: 'factor', levels: ['bw', 'lbm', 'bsa'] },
        { name: 'lesion_count', label: 'lesions found', kind: 'integer' },
        { name: 'total_volume_ml', label: 'total lesion volume (ml)', kind: 'number' },
        { name: 'total_lesion_uptake', label: 'total lesion uptake (SUV × ml)', kind: 'number' },
        { name: 'created_at', label: 'analysed at', kind: 'datetime' },
        { name: 'created_by', label: 'analysed by', kind: 'string' },
      ],
      rows: analyses,
    },
    {
      name: 'lesion',
      label: 'lesions of the stored analyses',
      columns: [
        { name: 'analysis_id', label: 'analysis identifier', kind: 'string' },
        { name: 'participant_id', label: 'participant (study code)', kind: 'string' },
        { name: 'label', label: 'lesion number in its analysis', kind: 'integer' },
        { name: 'voxel_count', label: 'voxels', kind: 'integer' },
        { name: 'volume_ml', label: 'volume (ml)', kind: 'number' },
        { name: 'suv_max', label: 'SUVmax', kind: 'number' },
        { name: 'suv_mean', label: 'SUVmean', kind: 'number' },
        { name: 'suv_peak', label: 'SUVpeak', kind: 'number' },
        { name: 'total_lesion_uptake', label: 'total lesion uptake (SUVmean × ml)', kind: 'number' },
      ],
      rows: lesions,
    },
  ];
}

/** Every table of the export: one per record type, the stored series, analyses and their lesions. */
export async function collectTables(db: Kysely<DbSchema>): Promise<readonly ExportTable[]> {
  const records: ExportTable[] = [];
  for (const type of Object.keys(RECORD_SCHEMAS) as RecordType[]) records.push(await recordTable(db, type));
  return [...records, await seriesTable(db), ...(await analysisTables(db))];
}
