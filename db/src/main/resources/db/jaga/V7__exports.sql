-- Archive exports: the request, its approval, its durable job and its archive (design §4).
--
-- One row per export, in the tenant's home region. The job is claimed from this table by one node
-- of the region at a time (a lease: lease_id, heartbeat_at); a node that dies stops heartbeating,
-- and once heartbeat_at is older than exports.yaml's stale_after any node re-runs the job from
-- scratch under a new lease, at most max_attempts times. The archive file is named here only once
-- it is complete (state READY), so a partial archive is never served.
create table jaga.exports (
  -- Random 128-bit id, 32 lower-case hex digits; never sequential.
  export_id          text primary key check (export_id ~ '^[0-9a-f]{32}$'),
  tenant_id          text not null references jaga.tenants (tenant_id),
  -- The principal that asked (person:<email> or service:<name>), and its client request id:
  -- a retried CreateExport finds its export again through these.
  requested_by       text not null,
  request_id         text not null check (length(request_id) between 1 and 128),
  -- SHA-256 of the request without its request_id: the same id with another body is refused.
  request_sha256     bytea not null check (length(request_sha256) = 32),
  -- The jaga.v1.Scope as sent (protobuf bytes), and a readable summary for lists and audit.
  scope              bytea not null,
  scope_summary      text not null,
  csv                boolean not null,
  attachments        boolean not null,
  recipient_key      text,
  purpose            text not null,
  state              text not null check (state in ('PENDING_APPROVAL', 'QUEUED', 'RUNNING', 'READY',
                       'EXPIRED', 'REJECTED', 'FAILED', 'CANCELLED')),
  approval_reasons   text[] not null,
  approved_by        text,
  rejection_reason   text,
  failure_reason     text,
  entities_done      integer not null default 0,
  entities_total     integer not null default 0,
  rows_written       bigint not null default 0,
  bytes_written      bigint not null default 0,
  -- Runs started so far; the lease of the current run and its node's last sign of life.
  attempts           integer not null default 0,
  lease_id           text,
  leased_by          text,
  heartbeat_at       timestamptz,
  -- READY: the archive, relative to the region's archive store, its size and SHA-256.
  archive_path       text,
  archive_bytes      bigint,
  archive_sha256     bytea,
  -- The archive's passphrase sealed under the tenant's key; nulled once revealed (or expired).
  sealed_passphrase  bytea,
  key_revealed_at    timestamptz,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  expire_at          timestamptz,
  unique (tenant_id, requested_by, request_id)
);

comment on table jaga.exports is 'Archive exports and their durable jobs (row-level security by tenant).';

-- ListExports walks a tenant's exports newest first; quotas count a tenant's last 24 hours.
create index exports_tenant_newest on jaga.exports (tenant_id, created_at desc, export_id desc);
-- The workers look only at exports that may have work to do.
create index exports_open_work on jaga.exports (state, created_at)
  where state in ('QUEUED', 'RUNNING', 'READY');

-- Download tokens: only their SHA-256 is stored, so a database reader cannot download anything.
-- A token is bound to one export and the principal it was issued to.
create table jaga.export_download_tokens (
  token_sha256    bytea primary key check (length(token_sha256) = 32),
  export_id       text not null references jaga.exports (export_id),
  tenant_id       text not null references jaga.tenants (tenant_id),
  issued_to       text not null,
  expire_at       timestamptz not null,
  downloads_left  integer not null check (downloads_left >= 0),
  created_at      timestamptz not null
);

create index export_download_tokens_export on jaga.export_download_tokens (export_id);

grant select, insert, update on jaga.exports to jaga_runtime;
grant select, insert, update, delete on jaga.export_download_tokens to jaga_runtime;

-- Tenant isolation exactly as jaga.tenants (V4): the runtime role sees and writes only the rows
-- of the tenant its transaction names with set_config('jaga.tenant_id', ..., true).
alter table jaga.exports enable row level security;

create policy tenant_isolation on jaga.exports
  as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

alter table jaga.export_download_tokens enable row level security;

create policy tenant_isolation on jaga.export_download_tokens
  as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));

-- The one cross-tenant question a worker must ask: which exports have work due (queued, running
-- on a node that stopped heartbeating, or READY past their retention)? It answers ids only; the
-- worker then claims each in that tenant's own scope, under the policies above. SECURITY DEFINER
-- runs it as the schema owner, so the runtime role needs no wider read of the table.
create function jaga.export_work_due(p_now timestamptz, p_stale_before timestamptz, p_limit integer)
  returns table (export_id text, tenant_id text, kind text)
  language sql stable security definer
  set search_path = pg_catalog, jaga
as $$
  select w.export_id, w.tenant_id, w.kind from (
    select e.export_id, e.tenant_id, 'run' as kind, e.created_at
    from jaga.exports e
    where e.state = 'QUEUED' or (e.state = 'RUNNING' and e.heartbeat_at < p_stale_before)
    union all
    select e.export_id, e.tenant_id, 'expire' as kind, e.created_at
    from jaga.exports e
    where e.state = 'READY' and e.expire_at <= p_now
  ) w
  order by w.created_at, w.export_id
  limit p_limit
$$;

revoke all on function jaga.export_work_due(timestamptz, timestamptz, integer) from public;
grant execute on function jaga.export_work_due(timestamptz, timestamptz, integer) to jaga_runtime;
