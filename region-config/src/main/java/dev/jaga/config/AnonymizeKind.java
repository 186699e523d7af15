package dev.jaga.config;

import java.util.Optional;

/** How an erased subject's column is overwritten when the row itself must stay (hash, null, redact, deleted-user). */
public enum AnonymizeKind {
  HASH,
  NULL,
  REDACT,
  DELETED_USER;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<AnonymizeKind> fromId(String id) {
    return EnumIds.fromId(AnonymizeKind.class, id);
  }
}
