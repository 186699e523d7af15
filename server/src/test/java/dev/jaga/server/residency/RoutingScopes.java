package dev.jaga.server.residency;

import dev.jaga.api.v1.Scope;
import java.util.List;

/** Export scopes that touch different sets of data classes, for the routing tests. */
public record RoutingScopes(String name, List<String> entities) {
  public static List<RoutingScopes> all(IndependentResidency yaml) {
    return List.of(
        new RoutingScopes("teams", List.of("teams")),
        new RoutingScopes("documents+comments", List.of("documents", "comments")),
        new RoutingScopes("activity_log", List.of("activity_log")),
        new RoutingScopes("invoices", List.of("invoices")),
        new RoutingScopes("whole tenant", yaml.entities()));
  }

  /** The scope as a request names it; the whole tenant names no entity. */
  public Scope scope(IndependentResidency yaml) {
    return entities.equals(yaml.entities()) ? Scope.getDefaultInstance() : Scope.newBuilder().addAllEntities(entities).build();
  }
}
