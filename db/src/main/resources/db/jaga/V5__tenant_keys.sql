-- Each tenant's own AES-256 key (envelope encryption, design §7), wrapped by the region's master
-- key, which never enters the database: whoever reads this table learns nothing without the key
-- file in the region's key_store. Secrets Jaga must hold for a tenant (an archive's passphrase)
-- are sealed under the tenant's key; deleting its row destroys the key, and with it every secret
-- sealed under it (crypto-shredding). There is no UPDATE: a key is created once and destroyed once.
create table jaga.tenant_keys (
  tenant_id      text primary key references jaga.tenants (tenant_id) on delete cascade,
  -- Random, 16 bytes, written into every sealed blob: a blob sealed under a destroyed key is
  -- recognised as such even after a new key was created for the same tenant.
  key_id         bytea not null check (length(key_id) = 16),
  -- AES-256-GCM under the master key: 12-byte nonce || 32-byte key || 16-byte tag, with the tenant
  -- id and key id as associated data, so a wrapped key moved to another tenant's row does not open.
  wrapped_key    bytea not null check (length(wrapped_key) = 60),
  -- The first 16 hex digits of SHA-256 of the master key that wrapped it, to name a missing key file.
  master_key_id  text not null,
  created_at     timestamptz not null default now()
);

comment on table jaga.tenant_keys is
  'Per-tenant AES-256 keys wrapped by the region master key (crypto-shredding by deleting a row).';

grant select, insert, delete on jaga.tenant_keys to jaga_runtime;

-- As V4 for jaga.tenants: the runtime role sees and writes only the key of the tenant its
-- transaction names (set_config('jaga.tenant_id', ..., true)), and nothing when none is named.
alter table jaga.tenant_keys enable row level security;

create policy tenant_isolation on jaga.tenant_keys
  as permissive for all to jaga_runtime
  using (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''))
  with check (tenant_id = nullif(current_setting('jaga.tenant_id', true), ''));
