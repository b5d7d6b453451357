import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbSchema } from '@cxcr4pet/db';
import { DEFAULT_COHORT_MODEL, makeCohort } from '@cxcr4pet/phantom';
import {
  buildStudyReport,
  cohortModelDescription,
  cohortReferenceLesions,
  type DatabaseDatasetOptions,
  datasetFromDatabase,
  defaultParameters,
  type StudyDataset,
  type StudyReport,
} from '@cxcr4pet/report';
import type { Kysely } from 'kysely';
import { InputError } from '../command.ts';
import { provenance } from '../provenance.ts';

/** The file the demo leaves in its data folder: which synthetic cohort the database holds. */
export const COHORT_MANIFEST = 'synthetic-cohort.json';
export const COHORT_MANIFEST_SCHEMA = 'cxcr4pet-synthetic-cohort/1';

export interface CohortManifest {
  readonly schema: typeof COHORT_MANIFEST_SCHEMA;
  readonly seed: number;
  readonly size: number;
}

async function readManifest(dataDir: string): Promise<CohortManifest | undefined> {
  const path = join(dataDir, COHORT_MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const m = JSON.parse(text) as Partial<CohortManifest>;
  if (m.schema !== COHORT_MANIFEST_SCHEMA || !Number.isInteger(m.seed) || !Number.isInteger(m.size))
    throw new InputError(
      'bad-manifest',
      `${path}: not a ${COHORT_MANIFEST_SCHEMA} file with a whole seed and size`,
    );
  return m as CohortManifest;
}

/**
 * What the report of a study database is computed with. A database the demo made (its data folder
 * holds `synthetic-cohort.json`) is described with the cohort's stated model, and the cohort's lesions
 * (re-made from the seed) are the reference standard of the per-lesion analysis; any other database is
 * described as such, with the union of the lesions found on either tracer as the reference.
 */
export async function datasetOptionsFor(dataDir: string): Promise<DatabaseDatasetOptions> {
  const manifest = await readManifest(dataDir);
  if (manifest === undefined)
    return {
      title: `Study database (${dataDir})`,
      source: {
        kind: 'database',
        description: `the study database of ${dataDir}: records and stored analyses`,
      },
      parameters: defaultParameters(DEFAULT_COHORT_MODEL.hazard.cxcr4HighCutoffSuv),
    };
  const cohort = makeCohort({ size: manifest.size, seed: manifest.seed });
  return {
    title: `Synthetic cohort (seed ${cohort.seed}, ${cohort.size} screened), imaged and analysed`,
    source: {
      kind: 'synthetic-database',
      seed: cohort.seed,
      size: cohort.size,
      modelDescription: cohortModelDescription(cohort),
      trueLogHazardRatio: cohort.model.hazard.logHazardRatio.cxcr4High,
      description:
        'every record read from the study database; per-scan SUVmax and detection measured on the generated PET/CT images by the stored analyses (not taken from the cohort); the reference standard of the per-lesion analysis is the cohort’s lesion list (position and radius), a lesion counting as seen on a tracer when a found lesion’s hottest voxel lies in its sphere widened by half a voxel diagonal; per-patient SUVmax is the hottest such lesion, so physiological uptake outside the reference lesions is not counted',
    },
    parameters: defaultParameters(cohort.model.hazard.cxcr4HighCutoffSuv),
    referenceLesions: cohortReferenceLesions(cohort),
  };
}

/** The study report of a database: the dataset read from it and the HTML document. */
export async function reportFromDatabase(
  db: Kysely<DbSchema>,
  dataDir: string,
): Promise<{ readonly dataset: StudyDataset; readonly report: StudyReport }> {
  const dataset = await datasetFromDatabase(db, await datasetOptionsFor(dataDir));
  if (dataset.participants.length < 2)
    throw new InputError(
      'too-few-analysed',
      `the database of ${dataDir} has ${dataset.participants.length} enrolled participants with analysed scans: the report needs at least 2`,
    );
  return { dataset, report: await buildStudyReport(dataset, provenance()) };
}

/** The simulated hazard ratio of a dataset, when its source states one. */
export function simulatedHazardRatio(dataset: StudyDataset): number | undefined {
  const s = dataset.source;
  return s.kind === 'database' ? undefined : Math.exp(s.trueLogHazardRatio);
}
