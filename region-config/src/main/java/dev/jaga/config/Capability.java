package dev.jaga.config;

import java.util.Arrays;
import java.util.Optional;

/** What a role may do on a tenant; each RPC declares the capability it needs. */
public enum Capability {
  TENANT_READ("tenant:read"),
  TENANT_EXPORT("tenant:export"),
  TENANT_EXPORT_SENSITIVE("tenant:export:sensitive"),
  EXPORT_APPROVE("export:approve"),
  SUBJECT_EXPORT("subject:export"),
  SUBJECT_ERASE("subject:erase"),
  TENANT_DELETE("tenant:delete"),
  AUDIT_READ("audit:read"),
  RESIDENCY_ADMIN("residency:admin");

  private final String id;

  Capability(String id) {
    this.id = id;
  }

  /** The spelling used in access.yaml and in error details, e.g. {@code tenant:export}. */
  public String id() {
    return id;
  }

  public static Optional<Capability> fromId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
