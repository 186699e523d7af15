package dev.jaga.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.audit.AuditEvent.Decision;
import dev.jaga.server.audit.AuditEvent.Routing;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  private static final byte[] PREV = AuditEvent.GENESIS;

  @Test
  void hash_textMovedAcrossAFieldBoundary_differs() {
    AuditEvent a = event("ab", "c", Optional.of("acme-id"));
    AuditEvent b = event("a", "bc", Optional.of("acme-id"));

    assertThat(a.hash(1, PREV)).isNotEqualTo(b.hash(1, PREV));
  }

  @Test
  void hash_noTenantAndAnEmptyTenant_differ() {
    assertThat(event("a", "m", Optional.empty()).hash(1, PREV))
        .isNotEqualTo(event("a", "m", Optional.of("")).hash(1, PREV));
  }

  @Test
  void hash_otherSequenceOrPreviousHash_differs() {
    AuditEvent e = event("a", "m", Optional.of("acme-id"));
    byte[] other = new byte[32];
    other[31] = 1;

    assertThat(e.hash(1, PREV)).hasSize(32).isEqualTo(e.hash(1, PREV.clone()));
    assertThat(e.hash(2, PREV)).isNotEqualTo(e.hash(1, PREV));
    assertThat(e.hash(1, other)).isNotEqualTo(e.hash(1, PREV));
  }

  @Test
  void new_valuesPostgresCannotHoldAsGiven_areNormalisedOnceAndForAll() {
    String huge = "x".repeat(10_000);
    AuditEvent e =
        new AuditEvent(
            Instant.parse("2025-03-01T08:00:00.123456789Z"), "id-jkt", "bad\0actor\uD800",
            Optional.empty(), "m", huge, Decision.DENIED, "OK", "", Routing.LOCAL, "", "", "");
    AuditEvent again =
        new AuditEvent(
            e.time(), e.region(), e.actor(), e.tenantId(), e.method(), e.scope(), e.decision(),
            e.status(), e.reason(), e.routing(), e.peer(), e.requestId(), e.traceId());

    assertThat(e.time()).isEqualTo(Instant.parse("2025-03-01T08:00:00.123456Z"));
    assertThat(e.actor()).isEqualTo("bad\uFFFDactor\uFFFD");
    assertThat(e.scope()).hasSizeLessThanOrEqualTo(AuditEvent.MAX_TEXT).endsWith(" more characters]");
    assertThat(again).isEqualTo(e);
  }

  private static AuditEvent event(String actor, String method, Optional<String> tenant) {
    return new AuditEvent(
        TestEvents.T0, "id-jkt", actor, tenant, method, "", Decision.ALLOWED, "OK", "",
        Routing.LOCAL, "", "", "");
  }
}
