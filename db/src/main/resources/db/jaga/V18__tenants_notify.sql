-- Nodes keep the tenants' directory rows in memory (every call names a tenant) and must forget a
-- row as soon as it changes, whichever node of the region changed it. Every change announces the
-- tenant id on the channel jaga_tenants when its transaction commits (NOTIFY is transactional:
-- nothing is announced for a rolled-back change); an empty payload means "forget them all".
create function jaga.tenants_changed() returns trigger
  language plpgsql
as $$
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('jaga_tenants', '');
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform pg_notify('jaga_tenants', old.tenant_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform pg_notify('jaga_tenants', new.tenant_id);
  end if;
  return null;
end
$$;

create trigger tenants_changed
  after insert or update or delete on jaga.tenants
  for each row execute function jaga.tenants_changed();

create trigger tenants_truncated
  after truncate on jaga.tenants
  for each statement execute function jaga.tenants_changed();
