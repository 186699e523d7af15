package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A tenant's audit events, read twice scoped: the query names the tenant, and its transaction
 * sets {@code jaga.tenant_id} so that row-level security returns nothing else even if it did not.
 */
@Singleton
public final class AuditRepository {
  /**
   * What to list of one tenant's events; every other field narrows it.
   *
   * @param from only events at or after this instant
   * @param until only events before this instant
   */
  public record Filter(
      String tenantId,
      Optional<Instant> from,
      Optional<Instant> until,
      Optional<String> actor,
      Optional<String> method,
      Optional<AuditEvent.Decision> decision) {
    public Filter {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(decision, "decision");
    }

    /** All of a tenant's events. */
    public static Filter all(String tenantId) {
      return new Filter(
          tenantId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
  }

  private final DSLContext dsl;

  @Inject
  public AuditRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Up to {@code limit} of the filter's events, in chain order. */
  public List<ChainedEvent> list(Filter filter, int limit) {
    return page(filter, 0, limit);
  }

  /**
   * The next {@code max} events of the filter after sequence {@code after}, in chain order: a
   * stream pages through a long listing without holding a transaction open between pages.
   */
  public List<ChainedEvent> page(Filter filter, long after, int max) {
    List<Condition> where = new ArrayList<>();
    where.add(AUDIT_EVENTS.TENANT_ID.eq(filter.tenantId()));
    where.add(AUDIT_EVENTS.SEQUENCE.gt(after));
    filter.from().ifPresent(t -> where.add(AUDIT_EVENTS.EVENT_TIME.ge(utc(t))));
    filter.until().ifPresent(t -> where.add(AUDIT_EVENTS.EVENT_TIME.lt(utc(t))));
    filter.actor().ifPresent(a -> where.add(AUDIT_EVENTS.ACTOR.eq(a)));
    filter.method().ifPresent(m -> where.add(AUDIT_EVENTS.METHOD.eq(m)));
    filter.decision().ifPresent(d -> where.add(AUDIT_EVENTS.DECISION.eq(d.name())));
    return dsl.transactionResult(
        c -> {
          DSLContext tx = c.dsl();
          tx.fetch("select set_config('jaga.tenant_id', ?, true)", filter.tenantId());
          return tx.selectFrom(AUDIT_EVENTS)
              .where(where)
              .orderBy(AUDIT_EVENTS.SEQUENCE)
              // Inlined, so that a cached plan knows how few rows a page wants.
              .limit(DSL.inline(max))
              .fetch(ChainedEvent::of);
        });
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
