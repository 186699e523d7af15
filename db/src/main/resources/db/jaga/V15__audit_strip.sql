-- Stripping a purged tenant's audit events of personal data (issue 7) without breaking the chain.
--
-- From this version on, each event's actor and peer (a person's e-mail or a service name, and a
-- client address) enter the chain only through a commitment: SHA-256 over a domain label, a random
-- 16-byte salt of the event and the two values (dev.jaga.server.audit.AuditEvent#commitment), in
-- the "jaga.audit.event.v2" encoding. While the salt is kept, the values must reproduce the
-- commitment; once the salt and the values are erased, the commitment alone still chains, and
-- nothing is left to guess the values from. Events written before (v1: no commitment) cover actor
-- and peer directly and cannot be stripped without breaking the chain.
alter table jaga.audit_events
  add column salt bytea check (salt is null or length(salt) = 16),
  add column commitment bytea check (commitment is null or length(commitment) = 32),
  add constraint audit_events_salt_committed check (salt is null or commitment is not null);

-- The only way to change an audit event: as the schema owner, for a tenant the directory already
-- says is PURGED, erase actor and peer of its v2 events and their salts. The runtime role may call
-- it, but it refuses every other tenant, so the runtime role still cannot rewrite a live tenant's
-- audit (it has no UPDATE or DELETE on the table). Returns how many events were stripped and how
-- many v1 events of the tenant had to be left as they were.
create function jaga.strip_purged_tenant_audit(purged_tenant text)
  returns table (stripped bigint, left_v1 bigint)
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
as $$
declare
  n_stripped bigint;
  n_left bigint;
begin
  if not exists (select 1 from jaga.tenants t where t.tenant_id = purged_tenant and t.status = 'PURGED') then
    raise exception 'only a purged tenant''s audit events can be stripped' using errcode = '42501';
  end if;
  update jaga.audit_events e set actor = '(erased)', peer = '(erased)', salt = null
    where e.tenant_id = purged_tenant and e.salt is not null;
  get diagnostics n_stripped = row_count;
  select count(*) into n_left from jaga.audit_events e
    where e.tenant_id = purged_tenant and e.commitment is null;
  return query select n_stripped, n_left;
end
$$;

revoke all on function jaga.strip_purged_tenant_audit(text) from public;
grant execute on function jaga.strip_purged_tenant_audit(text) to jaga_runtime;

-- V3's file stays as applied (Flyway checksums it); its claim is amended here instead.
comment on table jaga.audit_events is
  'Audit events of this region, hash-chained; append-only for jaga_runtime, except that'
  ' jaga.strip_purged_tenant_audit erases actor and peer of a PURGED tenant''s v2 events.';
