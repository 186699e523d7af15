package dev.jaga.server.audit;

import dev.jaga.server.audit.AuditEvent.Decision;
import dev.jaga.server.audit.AuditEvent.Routing;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Events and keys for the audit tests. */
final class TestEvents {
  static final String REGION = "id-jkt";
  static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

  private TestEvents() {}

  static AuditEvent event(String tenant, String requestId) {
    return event(Optional.of(tenant), "budi@acme.co.id", "jaga.v1.TenantService/GetTenant",
        Decision.ALLOWED, T0, requestId);
  }

  static AuditEvent event(
      Optional<String> tenant,
      String actor,
      String method,
      Decision decision,
      Instant time,
      String requestId) {
    return new AuditEvent(
        time,
        REGION,
        actor,
        tenant,
        method,
        "tenant",
        decision,
        decision == Decision.ALLOWED ? "OK" : "PERMISSION_DENIED",
        decision == Decision.ALLOWED ? "" : "PERMISSION_DENIED",
        Routing.LOCAL,
        "127.0.0.1:50000",
        requestId,
        "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  /** A fresh key in {@code dir}, as a region gets on its first start. */
  static AuditKey newKey(Path dir) {
    return AuditKey.loadOrCreate(dir.resolve("keys/audit-ed25519.key"));
  }
}
