package dev.jaga.config;

import java.util.Optional;

/** How a masked column is rendered in an export (last4, email-domain, hash, redact, year). */
public enum MaskKind {
  LAST4,
  EMAIL_DOMAIN,
  HASH,
  REDACT,
  YEAR;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<MaskKind> fromId(String id) {
    return EnumIds.fromId(MaskKind.class, id);
  }
}
