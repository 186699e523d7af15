package dev.jaga.config;

import java.util.Optional;

/** A condition under which a data class may be placed more widely than the tenant's home region. */
public enum Condition {
  ANONYMIZED;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<Condition> fromId(String id) {
    return EnumIds.fromId(Condition.class, id);
  }
}
