/**
 * Secrets never enter the audit trail. Until this migration `audit_row()` copied whole rows, so every
 * user created or changed left its argon2id password hash in the append-only log for good. From here
 * on a `password_hash` value is replaced by `[redacted]` in `before`/`after` (null stays null), so the
 * trail still shows that a password was set or changed — the value differs between before and after only
 * through a marker — without keeping anything an attacker could crack. Entries written before this
 * migration stay as they are: the log is append-only and hash-chained, and rewriting it would break the
 * chain; operators of an older database should rotate those passwords.
 */
export const AUDIT_REDACTION: readonly string[] = [
  `create function audit_redact(row_value jsonb, previous jsonb) returns jsonb language sql immutable as $$
     select case
       when row_value is null or not (row_value ? 'password_hash') then row_value
       when row_value ->> 'password_hash' is null then row_value
       when previous is not null and previous ->> 'password_hash' is not distinct from row_value ->> 'password_hash'
         then jsonb_set(row_value, '{password_hash}', '"[redacted]"')
       when previous is null then jsonb_set(row_value, '{password_hash}', '"[redacted]"')
       else jsonb_set(row_value, '{password_hash}', '"[redacted: changed]"')
     end
   $$`,
  `create or replace function audit_row() returns trigger language plpgsql as $$
   declare
     actor text := nullif(current_setting('cxcr4pet.actor', true), '');
     reason text := nullif(trim(coalesce(current_setting('cxcr4pet.reason', true), '')), '');
     raw_old jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
     raw_new jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
     old_row jsonb := audit_redact(raw_old, null);
     new_row jsonb := audit_redact(raw_new, raw_old);
     key_row jsonb := coalesce(new_row, old_row);
     act text := lower(tg_op);
   begin
     if actor is null then
       raise exception 'no actor: every change to % must say who makes it', tg_table_name;
     end if;
     if act = 'update' and (new_row ->> 'deleted') = 'true' and (old_row ->> 'deleted') = 'false' then
       act := 'delete';
     end if;
     if act <> 'insert' and reason is null then
       raise exception 'no reason: a change to % % after first entry needs a reason', tg_table_name, key_row ->> tg_argv[0];
     end if;
     insert into audit_log (actor, action, entity, entity_id, version, before, after, reason, hash)
     values (actor, case when act = 'insert' then 'create' else act end, tg_table_name,
             key_row ->> tg_argv[0], (key_row ->> 'version')::integer, old_row, new_row, reason, '');
     return null;
   end $$`,
];
