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
public record ExportScope(
    String tenantId,
    List<Entity> entities,
    Optional<Instant> from,
    Optional<Instant> until,
    Optional<String> subjectId) {
  private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

  public static ExportScope of(String tenantId, Scope scope, Catalog catalog, Violations violations) {
    Optional<Instant> from = time("scope.from_time", scope.hasFromTime(), scope.getFromTime(), violations);
    Optional<Instant> until = time("scope.until_time", scope.hasUntilTime(), scope.getUntilTime(), violations);
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

  public boolean wholeTenant() {
    return from.isEmpty() && until.isEmpty() && subjectId.isEmpty();
  }

  /** Years 0001 to 9999, as google.protobuf.Timestamp defines them; anything else is refused. */
  private static Optional<Instant> time(String field, boolean set, Timestamp t, Violations violations) {
    if (!set) {
      return Optional.empty();
    }
    if (t.getSeconds() < -62_135_596_800L || t.getSeconds() > 253_402_300_799L
        || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      violations.add(field, "must be a timestamp between years 0001 and 9999");
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
  }
}
