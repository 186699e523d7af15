package dev.jaga.config;

import java.util.Optional;

/** How freely a data class may be exported, ordered from least to most strict. */
public enum ExportPolicy {
  ALLOW,
  APPROVAL,
  NEVER;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  /** True if this policy allows nothing that {@code other} forbids. */
  public boolean atLeastAsStrictAs(ExportPolicy other) {
    return compareTo(other) >= 0;
  }

  public static Optional<ExportPolicy> fromId(String id) {
    return EnumIds.fromId(ExportPolicy.class, id);
  }
}
