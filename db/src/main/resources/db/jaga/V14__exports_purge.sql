-- A tenant's purge (issue 7) deletes every Jaga row of the tenant but its audit events; the
-- export requests and their sealed passphrases go with it. Row-level security (the tenant_isolation
-- policy of V7, for all commands) still limits the runtime role to the tenant in scope.
grant delete on jaga.exports to jaga_runtime;
