-- Erasure, retention and the data subject request clock (design section 5).
--
-- Nothing here holds a data subject's identifiers in clear: where a row must name the subject (to
-- answer a retried erasure with its receipt, or to find an open request), it holds
-- HMAC-SHA256(subject id) under the region's receipt key, which lives in the region's key_store,
-- never in this database. A copy of these tables therefore cannot be turned back into user ids by
-- hashing candidate ids.

-- Receipts of carried-out erasures (dry runs change nothing and are not kept). The receipt is the
-- jaga.v1.ErasureReceipt message as answered, minus its subject_id: per entity the counts and
-- rules, the retentions (until when, why), the verification's counts, times and the reason.
create table jaga.erasure_receipts (
  receipt_id      uuid primary key,
  tenant_id       text not null,
  -- The client's request id: a retry with the same id gets the same receipt back.
  request_id      text not null,
  subject_digest  bytea not null check (length(subject_digest) = 32),
  receipt         bytea not null,
  created_at      timestamptz not null,
  unique (tenant_id, request_id)
);

-- Rows an erasure kept because the law requires them, and until when. The application's schema is
-- not Jaga's to change (in production the application owns it), so the mark lives here, keyed by
-- the row's primary key; the retention sweeper deletes or anonymizes the row when its time is up.
create table jaga.retained_records (
  tenant_id     text not null,
  entity        text not null,
  row_key       text not null,
  retain_until  timestamptz not null,
  -- Every legal basis the row is kept under, as the catalog states them.
  basis         text not null,
  receipt_id    uuid not null,
  primary key (tenant_id, entity, row_key)
);
create index retained_records_until on jaga.retained_records (retain_until);

-- Every data subject request (access, portability, erasure): when it arrived, when it is due by
-- the tenant's jurisdiction, when it was completed, and whether it was escalated.
create table jaga.subject_requests (
  id                uuid primary key,
  tenant_id         text not null,
  kind              text not null check (kind in ('ACCESS', 'PORTABILITY', 'ERASURE')),
  subject_digest    bytea not null check (length(subject_digest) = 32),
  client_request_id text,
  received_at       timestamptz not null,
  due_at            timestamptz not null,
  completed_at      timestamptz,
  escalated_at      timestamptz,
  unique (tenant_id, kind, client_request_id)
);
create index subject_requests_open on jaga.subject_requests (received_at) where completed_at is null;

grant select, insert, update, delete on jaga.erasure_receipts, jaga.retained_records, jaga.subject_requests
  to jaga_runtime;
-- Scheduling and cancelling a tenant's deletion, and marking it purged.
grant update (status, purge_after) on jaga.tenants to jaga_runtime;

-- Tenant isolation, as on every tenant table (see V4).
alter table jaga.erasure_receipts enable row level security;
create policy tenant_isolation on jaga.erasure_receipts as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

alter table jaga.retained_records enable row level security;
create policy tenant_isolation on jaga.retained_records as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

alter table jaga.subject_requests enable row level security;
create policy tenant_isolation on jaga.subject_requests as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

-- The region's sweepers must find which tenants have work due before they can scope themselves to
-- each. A transaction that says so explicitly with set_config('jaga.job_scope', 'region', true)
-- may READ across tenants (never write): the sweepers read only keys and dates this way, then do
-- each tenant's work in that tenant's own scope. A query that forgets its filter still sees
-- nothing unless it asked for the region, the same bargain as the audit chain's 'chain' scope.
create policy region_jobs_read on jaga.retained_records as permissive for select to jaga_runtime
  using (current_setting('jaga.job_scope', true) = 'region');
create policy region_jobs_read on jaga.subject_requests as permissive for select to jaga_runtime
  using (current_setting('jaga.job_scope', true) = 'region');
create policy region_jobs_read on jaga.tenants as permissive for select to jaga_runtime
  using (current_setting('jaga.job_scope', true) = 'region');
