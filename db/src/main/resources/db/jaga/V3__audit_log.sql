-- The region's audit log: one hash-chained sequence of events, append-only for the runtime role.
--
-- Each event's hash is SHA-256(prev_hash || canonical encoding of the event), the first event's
-- prev_hash being 32 zero bytes (dev.jaga.server.audit.AuditEvent defines the encoding). The chain
-- alone proves order and completeness only against someone who cannot recompute it; whoever can
-- write these tables can, with PostgreSQL's own sha256(). So every write also stores a head (the
-- hash at the batch's last event) signed with the region's Ed25519 audit key, which never enters
-- the database: a rewritten chain no longer matches its signed heads.
create table jaga.audit_events (
  -- 1, 2, 3, ... with no gaps: the writer assigns it under an advisory lock, never a sequence
  -- object, whose values a rolled-back transaction would burn.
  sequence    bigint primary key check (sequence > 0),
  event_time  timestamptz not null,
  region      text not null,
  actor       text not null,
  -- Null for calls that concern no tenant (directory look-ups, region lists).
  tenant_id   text,
  method      text not null,
  -- A short summary of the call's scope (entities, subject id, export id), never data values.
  scope       text not null,
  decision    text not null check (decision in ('ALLOWED', 'DENIED')),
  -- The gRPC code name the call ended with.
  status      text not null,
  -- The google.rpc.ErrorInfo reason, or '' when the call succeeded.
  reason      text not null,
  routing     text not null check (routing in ('LOCAL', 'FORWARD', 'REDIRECT')),
  peer        text not null,
  request_id  text not null,
  trace_id    text not null,
  prev_hash   bytea not null check (length(prev_hash) = 32),
  hash        bytea not null check (length(hash) = 32)
);

comment on table jaga.audit_events is
  'Audit events of this region, hash-chained; append-only for jaga_runtime.';

-- A tenant's listing walks its own events in order, or a time window of them.
create index audit_events_tenant_sequence on jaga.audit_events (tenant_id, sequence);
create index audit_events_tenant_time on jaga.audit_events (tenant_id, event_time);

-- Signed chain heads: one per write, at the sequence of the write's last event. No foreign key to
-- audit_events: a missing event is for the verifier to report, and whoever could delete one could
-- drop a constraint as well.
create table jaga.audit_heads (
  sequence   bigint primary key check (sequence > 0),
  hash       bytea not null check (length(hash) = 32),
  -- Ed25519 over the head's canonical encoding (region, sequence, hash, signed_at, key_id).
  signature  bytea not null check (length(signature) = 64),
  key_id     text not null,
  signed_at  timestamptz not null
);

comment on table jaga.audit_heads is
  'Chain heads of jaga.audit_events signed with the region''s Ed25519 audit key.';

-- Append-only: the runtime role may read and add, never change or remove (no UPDATE, DELETE or
-- TRUNCATE, and it owns neither table, so it cannot grant them to itself).
grant select, insert on jaga.audit_events, jaga.audit_heads to jaga_runtime;

-- A reader sees only the events of the tenant its transaction names, so a query that forgets its
-- tenant filter returns nothing; the chain writer and the verifier, which must see the whole
-- chain, say so explicitly with set_config('jaga.audit_scope', 'chain', true) in their
-- transaction. The owner (who runs migrations) is not subject to these policies.
alter table jaga.audit_events enable row level security;

create policy audit_events_append on jaga.audit_events
  for insert
  with check (true);

create policy audit_events_read on jaga.audit_events
  for select
  using (
    tenant_id = current_setting('jaga.tenant_id', true)
    or current_setting('jaga.audit_scope', true) = 'chain'
  );
