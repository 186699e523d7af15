package dev.jaga.server.erasure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/** A digest of every row of every table of the app and jaga schemas, to prove that nothing changed. */
public final class TableDigests {
  /** The audit log records every call, a dry run's too: it is the one table a call may change. */
  static final Set<String> CHANGED_BY_ANY_CALL = Set.of("jaga.audit_events", "jaga.audit_heads");

  private TableDigests() {}

  static Map<String, String> of(DSLContext owner) {
    List<String> tables = owner.fetch("select schemaname || '.' || tablename from pg_tables"
        + " where schemaname in ('app', 'jaga') order by 1").getValues(0, String.class);
    Map<String, String> digests = new LinkedHashMap<>();
    for (String table : tables) {
      if (!CHANGED_BY_ANY_CALL.contains(table)) {
        digests.put(table, owner.fetchValue("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|'"
            + " order by t::text)), '') from " + table + " t").toString());
      }
    }
    return digests;
  }

  /** A digest of one tenant's rows in every app table, to prove that an operation left it alone. */
  public static Map<String, String> ofTenant(DSLContext owner, String tenant) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String table : owner.fetch("select tablename from pg_tables where schemaname = 'app' order by 1")
        .getValues(0, String.class)) {
      digests.put(table, owner.fetchValue("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|'"
          + " order by t::text)), '') from app." + table + " t where t.tenant_id = ?", tenant).toString());
    }
    return digests;
  }

  /** Rows of {@code tenant} in any app table whose text form holds {@code needle}, by table (none listed if 0). */
  static Map<String, Long> rowsHolding(DSLContext owner, String tenant, String needle, Set<String> exceptKeys) {
    Map<String, Long> found = new LinkedHashMap<>();
    for (String table : owner.fetch("select tablename from pg_tables where schemaname = 'app' order by 1")
        .getValues(0, String.class)) {
      long n = ((Number) owner.fetchValue("select count(*) from app." + table + " t where t.tenant_id = ?"
          + " and strpos(lower(t::text), lower(?)) > 0 and not (t.id::text = any(?))", tenant, needle,
          exceptKeys.toArray(String[]::new))).longValue();
      if (n > 0) {
        found.put(table, n);
      }
    }
    return found;
  }
}
