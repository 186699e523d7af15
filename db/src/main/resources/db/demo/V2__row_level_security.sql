-- Tenant isolation for the demo application's tables, as Jaga expects it of any application it
-- governs: Jaga's runtime role (jaga_runtime, created by the jaga migrations) may read the app
-- schema, and row-level security restricts every command it runs on every table to the tenant
-- named in jaga.tenant_id, which TenantScope sets per transaction with SET LOCAL semantics. A query
-- that forgets its tenant filter therefore returns nothing of any other tenant.
--
-- In dev and tests Jaga applies this file itself. In production the application owns the app
-- schema, and its database administrator applies the same statements; a node refuses to start
-- while a table of app that the runtime role can reach has row-level security switched off.
--
-- Enabled, not forced: the owner (the application, or here the migrating superuser that seeds the
-- demo) is not restricted. nullif(..., ''): once a session has set jaga.tenant_id, PostgreSQL
-- reports '' rather than NULL for it outside that transaction, and '' must match no row.
--
-- Least privilege: read only. Erasure and tenant purge add the grants they need when they exist.

grant usage on schema app to jaga_runtime;

grant select on app.users to jaga_runtime;
alter table app.users enable row level security;
create policy tenant_isolation on app.users as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.teams to jaga_runtime;
alter table app.teams enable row level security;
create policy tenant_isolation on app.teams as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.team_memberships to jaga_runtime;
alter table app.team_memberships enable row level security;
create policy tenant_isolation on app.team_memberships as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.contacts to jaga_runtime;
alter table app.contacts enable row level security;
create policy tenant_isolation on app.contacts as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.documents to jaga_runtime;
alter table app.documents enable row level security;
create policy tenant_isolation on app.documents as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.attachments to jaga_runtime;
alter table app.attachments enable row level security;
create policy tenant_isolation on app.attachments as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.comments to jaga_runtime;
alter table app.comments enable row level security;
create policy tenant_isolation on app.comments as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.invoices to jaga_runtime;
alter table app.invoices enable row level security;
create policy tenant_isolation on app.invoices as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.payments to jaga_runtime;
alter table app.payments enable row level security;
create policy tenant_isolation on app.payments as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.activity_log to jaga_runtime;
alter table app.activity_log enable row level security;
create policy tenant_isolation on app.activity_log as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.sessions to jaga_runtime;
alter table app.sessions enable row level security;
create policy tenant_isolation on app.sessions as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

grant select on app.api_keys to jaga_runtime;
alter table app.api_keys enable row level security;
create policy tenant_isolation on app.api_keys as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));
