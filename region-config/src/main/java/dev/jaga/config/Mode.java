package dev.jaga.config;

import java.util.Optional;

/** Whether the deployment is a developer's laptop (loopback only, embedded PostgreSQL) or a real region. */
public enum Mode {
  DEV,
  PRODUCTION;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<Mode> fromId(String id) {
    return EnumIds.fromId(Mode.class, id);
  }
}
