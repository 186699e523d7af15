package dev.jaga.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A tenant's choice of preset and its narrowing overrides; each override is already merged with the
 * preset's rule, so it is the complete rule in force for that class.
 */
public record TenantResidency(String tenantId, String preset, Map<DataClass, ClassRule> overrides) {

  public TenantResidency {
    overrides = Collections.unmodifiableMap(
        overrides.isEmpty() ? new EnumMap<>(DataClass.class) : new EnumMap<>(overrides));
  }
}
