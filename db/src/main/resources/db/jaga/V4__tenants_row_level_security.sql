-- Row-level security on Jaga's directory of tenants: the runtime role reads and writes only the
-- row of the tenant its transaction is scoped to. TenantScope names that tenant in jaga.tenant_id
-- with set_config(..., true), i.e. SET LOCAL, so the setting ends with the transaction and can
-- never outlive it on a pooled connection. A query that forgets its tenant filter returns nothing
-- of any other tenant, and a transaction that names no tenant sees nothing at all.
--
-- Enabled, not forced: the schema owner (who runs these migrations and seeds the demo) is not
-- restricted, and the runtime role owns nothing, so the policy always applies to it.
--
-- nullif(..., ''): once a session has set jaga.tenant_id, PostgreSQL reports '' rather than NULL
-- for it after the transaction that set it, and '' must match no row at all.
alter table jaga.tenants enable row level security;

create policy tenant_isolation on jaga.tenants
  as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));
