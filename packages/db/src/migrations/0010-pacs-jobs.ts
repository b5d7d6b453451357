/**
 * Two job kinds for the configured PACS nodes: `import-pacs` (series retrieved from a node, over
 * DICOMweb or DIMSE, into the store for a participant) and `send-pacs` (stored instances — SEG and SR
 * results — sent to a node). The check constraint of `job.kind` is replaced. Node secrets stay in
 * `pacs_node_secret`, now sealed with AES-256-GCM by the server (`aes-256-gcm:v1:…`); rows written
 * before are sealed by the server at start (`sealPlaintextPacsSecrets`), which SQL cannot do without
 * the key.
 */
export const PACS_JOBS: readonly string[] = [
  'alter table job drop constraint job_kind_check',
  `alter table job add constraint job_kind_check
     check (kind in ('import-folder', 'import-pacs', 'send-pacs', 'analyse-series', 'compare-series'))`,
];
