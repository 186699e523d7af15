package dev.jaga.server.db;

import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Refuses a runtime pool whose role row-level security would not restrict, so that a
 * misconfiguration (the owner's credentials in {@code user}, a table added to {@code app} without
 * a policy) stops the node at start-up instead of quietly turning tenant isolation off.
 *
 * <p>It runs as the runtime role itself and reads only the system catalogs, which every role may.
 * Covered: every table and view of {@code app} the role can reach, and Jaga's own tenant tables
 * (the directory and the tenant keys).
 */
public final class RowSecurityGuard {
  // One row per problem. pg_has_role(..., 'MEMBER') also counts roles the runtime role could SET
  // ROLE to: owning a table through one of them bypasses its policies just the same. TRUNCATE is
  // the one table privilege that row-level security does not filter. A view runs with its
  // owner's rights unless it is security_invoker, and a materialized view has no policies at all.
  private static final String PROBLEMS_SQL =
      """
      select 'role ' || current_user || ' is, or can become, a superuser or a role with BYPASSRLS'
      where exists (select 1 from pg_roles r
                    where (r.rolsuper or r.rolbypassrls) and pg_has_role(current_user, r.oid, 'MEMBER'))
      union all
      select 'role ' || current_user || ' owns ' || n.nspname || '.' || c.relname
        || ', and a table''s owner is not restricted by its policies'
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('app', 'jaga') and c.relkind in ('r', 'p', 'v', 'm')
        and pg_has_role(current_user, c.relowner, 'MEMBER')
      union all
      select n.nspname || '.' || c.relname || ' has row-level security switched off'
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relrowsecurity
        and (n.nspname = 'app' or (n.nspname, c.relname) in (('jaga', 'tenants'), ('jaga', 'tenant_keys'), ('jaga', 'exports'), ('jaga', 'export_download_tokens'),
          ('jaga', 'erasure_receipts'), ('jaga', 'retained_records'), ('jaga', 'subject_requests')))
        and has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
      union all
      select n.nspname || '.' || c.relname || ' may be truncated by ' || current_user
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and has_table_privilege(c.oid, 'TRUNCATE')
        and (n.nspname = 'app' or (n.nspname, c.relname) in (('jaga', 'tenants'), ('jaga', 'tenant_keys'), ('jaga', 'exports'), ('jaga', 'export_download_tokens'),
          ('jaga', 'erasure_receipts'), ('jaga', 'retained_records'), ('jaga', 'subject_requests')))
      union all
      select n.nspname || '.' || c.relname || ' is a view that reads as its owner'
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'app' and c.relkind in ('v', 'm') and has_table_privilege(c.oid, 'SELECT')
        and (c.relkind = 'm' or not coalesce('security_invoker=true' = any(c.reloptions), false))
      """;

  private RowSecurityGuard() {}

  /** Everything that would let {@code runtime}'s role read or write around the policies. */
  public static List<String> problems(DataSource runtime) {
    return DSL.using(runtime, SQLDialect.POSTGRES).fetch(PROBLEMS_SQL).getValues(0, String.class);
  }

  /** Throws, naming every problem, unless row-level security restricts {@code runtime}'s role. */
  public static void require(DataSource runtime) {
    List<String> problems = problems(runtime);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          problems.stream()
              .collect(
                  Collectors.joining(
                      "\n  ",
                      "the runtime database role would not be held to its tenant by row-level"
                          + " security; database.jdbc.user in regions.yaml must name a role that"
                          + " owns nothing and bypasses nothing (see V2__runtime_role.sql):\n  ",
                      "")));
    }
  }
}
