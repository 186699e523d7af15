-- Jaga's directory of the tenants this region hosts. Each region is authoritative for the
-- tenants whose home it is; nothing regional is shared across regions.
create table jaga.tenants (
  tenant_id          text primary key
                     check (tenant_id ~ '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'),
  display_name       text not null check (length(display_name) between 1 and 200),
  home_region        text not null,
  status             text not null default 'ACTIVE'
                     check (status in ('ACTIVE', 'PENDING_DELETION', 'PURGED')),
  created_at         timestamptz not null default now(),
  -- The client's request id of the CreateTenant call that made it, so a retried call is answered
  -- with the same tenant instead of an error.
  create_request_id  text,
  purge_after        timestamptz
);

comment on table jaga.tenants is 'Tenants homed in this region (Jaga directory, authoritative here).';
