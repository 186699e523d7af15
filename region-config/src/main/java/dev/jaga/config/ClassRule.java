package dev.jaga.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Where one data class may live for a tenant, under which conditions, how it may be exported and how long it is kept. */
public record ClassRule(Placement where, Set<Condition> conditions, ExportPolicy export, Optional<Retention> retention) {

  public ClassRule {
    Objects.requireNonNull(where, "where");
    conditions = conditions.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Condition.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(conditions));
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(retention, "retention");
  }
}
