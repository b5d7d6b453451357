/**
 * PACS nodes the server talks to (admin configuration): a DICOMweb service root and/or a DIMSE peer
 * (host, port, AE titles), with how to authenticate to DICOMweb. The node itself is audited like any
 * configuration; its secret (a password or bearer token) lives in `pacs_node_secret`, which is **not**
 * audited, so that it never enters the append-only trail — the node row carries `secret_changed_at`,
 * whose change the trail records instead.
 */
export const PACS_NODES: readonly string[] = [
  `create table pacs_node (
     node_id text primary key check (node_id ~ '^[A-Za-z0-9._-]{1,64}$'),
     name text not null check (length(name) between 1 and 200),
     dicomweb_url text check (dicomweb_url ~ '^https?://'),
     auth_kind text not null default 'none' check (auth_kind in ('none', 'basic', 'bearer')),
     auth_username text,
     secret_changed_at timestamptz,
     dimse_host text,
     dimse_port integer check (dimse_port between 1 and 65535),
     called_ae text check (called_ae ~ '^[ -~]{1,16}$'),
     calling_ae text check (calling_ae ~ '^[ -~]{1,16}$'),
     active boolean not null default true,
     version integer not null default 1 check (version >= 1),
     created_at timestamptz not null default now(),
     check (dicomweb_url is not null or dimse_host is not null),
     check ((dimse_host is null) = (dimse_port is null)),
     check (dimse_host is null or (called_ae is not null and calling_ae is not null)),
     check (auth_kind <> 'basic' or auth_username is not null)
   )`,
  `create trigger pacs_node_audit after insert or update or delete on pacs_node
     for each row execute function audit_row('node_id')`,
  `create table pacs_node_secret (
     node_id text primary key references pacs_node (node_id),
     secret text not null
   )`,
];
