package dev.jaga.server.residency;

import dev.jaga.config.DataClass;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What one request touches, for routing: the tenant whose data it reads or changes and the data
 * classes of that data. No tenant: the call concerns no tenant's data and is served where it
 * arrives (directory, audit of this region). A tenant with no classes: the call carries no tenant
 * data (job status) and forwards freely to the tenant's home region.
 */
public record Touch(Optional<String> tenantId, Set<DataClass> classes) {
  public Touch {
    classes = classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
  }

  /** Served where it arrives. */
  public static Touch unrouted() {
    return new Touch(Optional.empty(), Set.of());
  }

  /** Served by the tenant's home region, reachable from wherever its classes may be processed. */
  public static Touch tenant(String tenantId, Set<DataClass> classes) {
    return new Touch(Optional.of(tenantId), classes);
  }

  /** Every class: what a request that cannot say better touches (fail closed). */
  public static Touch allClasses(String tenantId) {
    return tenant(tenantId, EnumSet.allOf(DataClass.class));
  }

  public boolean routed() {
    return tenantId.isPresent();
  }
}
