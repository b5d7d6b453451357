import { openPacsSource, type SeriesRef } from '@cxcr4pet/server';
import { loadSecretKey, type Store } from '@cxcr4pet/store';
import { UsageError } from '../../command.ts';

/** The options of `cxcr4pet import --pacs`. */
export const PACS_IMPORT_OPTIONS = {
  pacs: { type: 'string' },
  'patient-id': { type: 'string' },
  study: { type: 'string' },
  modality: { type: 'string' },
  date: { type: 'string' },
} as const;

export const PACS_IMPORT_USAGE = `
from a configured PACS node (cxcr4pet serve's administration; DICOMweb: QIDO-RS + WADO-RS, DIMSE:
C-FIND + C-GET; the node's secret opened with CXCR4PET_SECRET_KEY or <data>/secret.key):
  --pacs <node>          the node id
  --patient-id <id>      the patient's ID on the PACS (or --study)
  --study <uid>          only this study (StudyInstanceUID)
  --date <d>[-<d>]       only studies of this date or range (YYYYMMDD)
  --modality PT,CT       only series of these modalities (default PT,CT)
Instances already stored for the participant are not fetched again.
`;

/**
 * The `import-pacs` job payload for the command line: the node's studies of the patient (and date),
 * or the one study, and their series of the chosen modalities. None found is an error naming the node.
 */
export async function pacsImportPayload(
  store: Store,
  participantId: string,
  values: {
    readonly pacs?: string | undefined;
    readonly 'patient-id'?: string | undefined;
    readonly study?: string | undefined;
    readonly modality?: string | undefined;
    readonly date?: string | undefined;
  },
): Promise<{ nodeId: string; participantId: string; series: SeriesRef[] }> {
  const nodeId = values.pacs ?? '';
  const patientId = values['patient-id'];
  if (patientId === undefined && values.study === undefined)
    throw new UsageError('--pacs needs --patient-id <id> or --study <uid>');
  if (values.date !== undefined && !/^\d{8}(-\d{8})?$/.test(values.date))
    throw new UsageError(`--date '${values.date}' is not YYYYMMDD or YYYYMMDD-YYYYMMDD`);
  if (values.study !== undefined && !/^[0-9]+(\.[0-9]+)*$/.test(values.study))
    throw new UsageError(`--study '${values.study}' is not a DICOM UID`);
  const modalities = (values.modality ?? 'PT,CT').split(',').map((m) => m.trim().toUpperCase());
  const source = await openPacsSource(store, nodeId, await loadSecretKey(store.dataDir));
  const studies =
    patientId === undefined
      ? [values.study ?? '']
      : (await source.searchStudies({ patientId, studyDate: values.date }))
          .map((s) => s.studyInstanceUid)
          .filter((uid) => values.study === undefined || uid === values.study);
  const series: SeriesRef[] = [];
  for (const study of studies)
    for (const hit of await source.searchSeries(study))
      if (modalities.includes(hit.modality))
        series.push({ studyInstanceUid: study, seriesInstanceUid: hit.seriesInstanceUid });
  if (series.length === 0)
    throw new Error(
      `PACS node '${nodeId}' has no ${modalities.join('/')} series ${patientId === undefined ? `in study ${values.study}` : `of patient ${patientId}`}${values.date === undefined ? '' : ` on ${values.date}`}`,
    );
  return { nodeId, participantId, series };
}
