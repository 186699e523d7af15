package dev.jaga.server.exportjob;

import dev.jaga.config.Entity;
import dev.jaga.server.export.ExportScope;

/** A scope in a few words for lists and the audit log: which entities, window and subject; never values. */
final class ScopeSummary {
  private ScopeSummary() {}

  static String of(ExportScope scope) {
    StringBuilder s = new StringBuilder("entities=");
    s.append(String.join(",", scope.entities().stream().map(Entity::name).toList()));
    scope.from().ifPresent(f -> s.append(" from=").append(f));
    scope.until().ifPresent(u -> s.append(" until=").append(u));
    scope.subjectId().ifPresent(id -> s.append(" subject=").append(id));
    return s.toString();
  }
}
