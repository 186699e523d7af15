-- The role Jaga's nodes run their queries as. It owns nothing and bypasses nothing: the schema
-- owner (who runs these migrations) grants it exactly what it needs, table by table, and row-level
-- security policies scope every tenant table to the tenant named in jaga.tenant_id.
--
-- In production the role is created by the database administrator (with a password); here it is
-- created if missing so that the embedded dev and test clusters have it too.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'jaga_runtime') then
    create role jaga_runtime login nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
  end if;
end
$$;

grant usage on schema jaga to jaga_runtime;
grant select, insert on jaga.tenants to jaga_runtime;
