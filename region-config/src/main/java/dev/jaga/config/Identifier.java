package dev.jaga.config;

import java.util.Optional;

/** The kinds of data subject identifier a column can hold, used to find a subject's rows (user-id, email, phone, name). */
public enum Identifier {
  USER_ID,
  EMAIL,
  PHONE,
  NAME;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<Identifier> fromId(String id) {
    return EnumIds.fromId(Identifier.class, id);
  }
}
