package dev.jaga.config;

import java.util.Optional;

/** The kinds of tenant data that residency, export and erasure rules are written for. */
public enum DataClass {
  /** Names, contact details and other data about an identifiable person. */
  PERSONAL,
  /** Government identifiers such as NIK, health and other special-category data. */
  SENSITIVE,
  /** Payment details, invoices, ledgers: usually under a statutory retention period. */
  FINANCIAL,
  /** What the tenant's users create: documents, messages, files. */
  CONTENT,
  /** Who did what and when inside the product. */
  ACTIVITY,
  /** Technical measurements about devices and performance. */
  TELEMETRY,
  /** Credentials, session tokens and API keys: never exported. */
  SECRET;

  /** The spelling used in the YAML files. */
  public String id() {
    return EnumIds.id(this);
  }

  public static Optional<DataClass> fromId(String id) {
    return EnumIds.fromId(DataClass.class, id);
  }
}
