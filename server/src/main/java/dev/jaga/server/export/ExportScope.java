package dev.jaga.server.export;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.Scope;
import dev.jaga.config.Catalog;
import dev.jaga.config.Entity;
import dev.jaga.server.grpc.Violations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated export scope: which entities, in catalog order, for which tenant, time window and
 * data subject. Entities that cannot be scoped as asked (no time key for a window, no subject key
 * for a subject) are left out when implied, and refused when named.
 */
record ExportScope(
    String tenantId,
    List<Entity> entities,
    Optional<Instant> from,
    Optional<Instant> until,
    Optional<String> subjectId) {
  private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

  static ExportScope of(String tenantId, Scope scope, Catalog catalog, Violations violations) {
    Optional<Instant> from = scope.hasFromTime() ? Optional.of(instant(scope.getFromTime())) : Optional.empty();
    Optional<Instant> until = scope.hasUntilTime() ? Optional.of(instant(scope.getUntilTime())) : Optional.empty();
    if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
      violations.add("scope.until_time", "must be after scope.from_time");
    }
    Optional<String> subject = Optional.of(scope.getSubjectId()).filter(s -> !s.isEmpty());
    subject.ifPresent(s -> violations.matches("scope.subject_id", s, SUBJECT,
        "an application user id (letters, digits and . _ : @ -, at most 128)"));
    boolean window = from.isPresent() || until.isPresent();
    List<Entity> chosen = new ArrayList<>();
    if (scope.getEntitiesCount() == 0) {
      for (Entity e : catalog.entities().values()) {
        if ((!window || e.timeKey().isPresent()) && (subject.isEmpty() || e.subjectKey().isPresent())) {
          chosen.add(e);
        }
      }
    } else {
      for (String name : new LinkedHashSet<>(scope.getEntitiesList())) {
        Optional<Entity> e = catalog.find(name);
        if (e.isEmpty()) {
          violations.add("scope.entities", "unknown entity '" + name + "'; known: "
              + String.join(", ", catalog.entities().keySet()));
        } else if (window && e.get().timeKey().isEmpty()) {
          violations.add("scope.entities", "entity '" + name + "' has no time key, so a time window cannot apply");
        } else if (subject.isPresent() && e.get().subjectKey().isEmpty()) {
          violations.add("scope.entities", "entity '" + name + "' has no subject key, so it holds no subject's records");
        } else {
          chosen.add(e.get());
        }
      }
    }
    return new ExportScope(tenantId, List.copyOf(chosen), from, until, subject);
  }

  boolean wholeTenant() {
    return from.isEmpty() && until.isEmpty() && subjectId.isEmpty();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
