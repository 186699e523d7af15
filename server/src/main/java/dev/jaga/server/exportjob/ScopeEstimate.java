package dev.jaga.server.exportjob;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.jaga.config.Entity;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.export.ExportScope;
import javax.inject.Inject;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * How large an export would be, for the approval policy: the rows in scope, counted in the tenant's
 * own transaction (row-level security applies), and bytes estimated from each table's average row
 * size in PostgreSQL's statistics.
 */
final class ScopeEstimate {
  /** Rows and bytes of a scope. */
  record Size(long rows, long bytes) {}

  private final TenantScope tenantScope;

  @Inject
  ScopeEstimate(TenantScope tenantScope) {
    this.tenantScope = tenantScope;
  }

  Size of(ExportScope scope) {
    return tenantScope.inTenant(scope.tenantId(), tx -> {
      long rows = 0;
      long bytes = 0;
      for (Entity e : scope.entities()) {
        Condition c = field(name(e.tenantKey())).eq(scope.tenantId());
        if (scope.subjectId().isPresent() && e.subjectKey().isPresent()) {
          c = c.and(field(name(e.subjectKey().get())).cast(String.class).eq(scope.subjectId().get()));
        }
        if (e.timeKey().isPresent()) {
          var time = field(name(e.timeKey().get()), java.time.OffsetDateTime.class);
          if (scope.from().isPresent()) {
            c = c.and(time.ge(ExportRepository.utc(scope.from().get())));
          }
          if (scope.until().isPresent()) {
            c = c.and(time.lt(ExportRepository.utc(scope.until().get())));
          }
        }
        long n = tx.selectCount().from(table(name(e.schema(), e.table()))).where(c).fetchOne(0, Long.class);
        // Average row width from the planner's statistics; 0 when the table was never analysed.
        Long width = tx.select(DSL.field("coalesce(sum(avg_width), 0)", Long.class))
            .from(DSL.table(name("pg_catalog", "pg_stats")))
            .where(DSL.field(name("schemaname")).eq(e.schema()), DSL.field(name("tablename")).eq(e.table()))
            .fetchOne(0, Long.class);
        rows += n;
        bytes += n * Math.max(width == null ? 0 : width, 64);
      }
      return new Size(rows, bytes);
    });
  }
}
