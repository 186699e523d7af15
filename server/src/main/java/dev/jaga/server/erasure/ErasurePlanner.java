package dev.jaga.server.erasure;

import dev.jaga.config.Catalog;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.ErasureAction;
import dev.jaga.server.erasure.EntityPlan.Fate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Decides, from the catalog's rules, what an erasure does to each entity and counts the subject's rows. */
final class ErasurePlanner {
  private ErasurePlanner() {}

  /** One plan per entity that has a subject key, in catalog order; {@code tx} is tenant-scoped. */
  static List<EntityPlan> plan(DSLContext tx, Catalog catalog, String tenantId, String subjectId, Instant now) {
    List<EntityPlan> plans = new ArrayList<>();
    for (Entity entity : catalog.entities().values()) {
      if (entity.subjectKey().isEmpty()) {
        continue;
      }
      long rows = tx.fetchValue(
          "select count(*) from " + AppSchema.table(entity) + " t where " + subjectRows(entity),
          tenantId, subjectId) instanceof Number n ? n.longValue() : 0;
      Fate fate = fateOf(entity);
      Optional<Instant> until = Optional.empty();
      List<String> bases = new ArrayList<>();
      if (fate == Fate.RETAIN) {
        Instant latest = now;
        for (ColumnRule column : entity.columns().values()) {
          if (column.erase() instanceof ErasureAction.Retain retain) {
            Instant end = now.atOffset(ZoneOffset.UTC).plus(retain.period()).toInstant();
            latest = end.isAfter(latest) ? end : latest;
            if (!bases.contains(retain.basis())) {
              bases.add(retain.basis());
            }
          }
        }
        until = Optional.of(latest);
      }
      plans.add(new EntityPlan(entity, fate, rows, until, List.copyOf(bases)));
    }
    return plans;
  }

  /** The condition selecting the subject's rows of the tenant; parameters: tenant id, subject id. */
  static String subjectRows(Entity entity) {
    return "t." + AppSchema.quote(entity.tenantKey()) + " = ? and t."
        + AppSchema.quote(entity.subjectKey().orElseThrow()) + "::text = ?";
  }

  /** Retained if any column is retained by law; else kept (anonymized) if any column stays; else deleted. */
  static Fate fateOf(Entity entity) {
    boolean stays = false;
    for (ColumnRule column : entity.columns().values()) {
      if (column.erase() instanceof ErasureAction.Retain) {
        return Fate.RETAIN;
      }
      stays |= !(column.erase() instanceof ErasureAction.Delete);
    }
    return stays ? Fate.ANONYMIZE : Fate.DELETE;
  }
}
