/**
 * A third job kind, `compare-series`: two PET/CT studies of one participant (FDG and Pentixafor, or two
 * time points) registered and their lesions paired, stored as an `analysis` row of the first series
 * whose `input_series_uids` name both studies' series. The check constraint of `job.kind` is replaced.
 */
export const COMPARE_SERIES_JOBS: readonly string[] = [
  'alter table job drop constraint job_kind_check',
  `alter table job add constraint job_kind_check
     check (kind in ('import-folder', 'analyse-series', 'compare-series'))`,
];
