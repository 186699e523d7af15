-- The deletion lifecycle of a tenant, enforced in the database for everyone but the schema owner.
--
-- The runtime role may update a tenant's status and purge_after (V13), which a node needs to
-- schedule a deletion, cancel it and mark the purge. Without a check here, a node whose database
-- credentials were stolen could mark a live tenant PURGED at once, and then strip its audit events
-- of actor and peer (jaga.strip_purged_tenant_audit only asks that the tenant be PURGED). So:
--   * ACTIVE -> PENDING_DELETION only with purge_after at least 23 hours ahead of the database's
--     clock (erasure.yaml's grace period is at least P1D; an hour is left for the node's clock);
--   * a pending deletion's purge_after is set once: it cannot be brought forward or moved;
--   * PENDING_DELETION -> PURGED only once purge_after has passed, by the database's clock;
--   * PURGED is the end: nothing about a purged tenant's status changes again.
-- PENDING_DELETION -> ACTIVE (a cancelled deletion) stays open. The schema owner, who runs the
-- migrations and is the operator's role, is not held to this.
create function jaga.tenants_lifecycle() returns trigger
  language plpgsql
  set search_path = pg_catalog, pg_temp
as $$
begin
  if pg_has_role(current_user, (select c.relowner from pg_class c where c.oid = 'jaga.tenants'::regclass), 'MEMBER') then
    return new;
  end if;
  if old.status = 'PURGED' then
    if new.status is distinct from old.status or new.purge_after is distinct from old.purge_after then
      raise exception 'tenant % is purged; its status no longer changes', old.tenant_id using errcode = '42501';
    end if;
  elsif new.status = 'PURGED' then
    if old.status <> 'PENDING_DELETION' or old.purge_after is null or old.purge_after > now() then
      raise exception 'tenant % can be purged only once its scheduled deletion is due (it is %, due %)',
        old.tenant_id, old.status, coalesce(old.purge_after::text, 'never') using errcode = '42501';
    end if;
  elsif new.status = 'PENDING_DELETION' then
    if old.status = 'ACTIVE' and (new.purge_after is null or new.purge_after < now() + interval '23 hours') then
      raise exception 'tenant %: a deletion is scheduled at least a day ahead, not for %',
        old.tenant_id, coalesce(new.purge_after::text, 'no time') using errcode = '42501';
    end if;
    if old.status = 'PENDING_DELETION' and new.purge_after is distinct from old.purge_after then
      raise exception 'tenant %: a scheduled deletion keeps its time (%)', old.tenant_id, old.purge_after
        using errcode = '42501';
    end if;
  end if;
  return new;
end
$$;

create trigger tenants_lifecycle
  before update on jaga.tenants
  for each row execute function jaga.tenants_lifecycle();
