package dev.jaga.server.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.Decision;
import dev.jaga.api.v1.Routing;
import dev.jaga.api.v1.VerifyAuditChainResponse;
import dev.jaga.server.audit.AuditVerifier.Verification;
import java.time.Instant;

/** Translations between the audit domain and the v1 messages. */
final class AuditMessages {
  private AuditMessages() {}

  static dev.jaga.api.v1.AuditEvent toProto(ChainedEvent chained) {
    AuditEvent e = chained.event();
    return dev.jaga.api.v1.AuditEvent.newBuilder()
        .setSequence(chained.sequence())
        .setTime(timestamp(e.time()))
        .setRegion(e.region())
        .setActor(e.actor())
        .setTenantId(e.tenantId().orElse(""))
        .setMethod(e.method())
        .setScope(e.scope())
        .setDecision(toProto(e.decision()))
        .setStatus(e.status())
        .setReason(e.reason())
        .setRouting(toProto(e.routing()))
        .setPeer(e.peer())
        .setRequestId(e.requestId())
        .setTraceId(e.traceId())
        .setHash(ByteString.copyFrom(chained.hash()))
        .build();
  }

  static VerifyAuditChainResponse toProto(Verification v) {
    return VerifyAuditChainResponse.newBuilder()
        .setIntact(v.intact())
        .setEventsChecked(v.eventsChecked())
        .setFirstBadSequence(v.firstBadSequence())
        .setProblem(v.problem())
        .setSignedHeadSequence(v.signedHeadSequence())
        .build();
  }

  static Decision toProto(AuditEvent.Decision decision) {
    return switch (decision) {
      case ALLOWED -> Decision.DECISION_ALLOWED;
      case DENIED -> Decision.DECISION_DENIED;
    };
  }

  static Routing toProto(AuditEvent.Routing routing) {
    return switch (routing) {
      case LOCAL -> Routing.ROUTING_LOCAL;
      case FORWARD -> Routing.ROUTING_FORWARD;
      case REDIRECT -> Routing.ROUTING_REDIRECT;
    };
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** Whether {@code t} is a timestamp protobuf allows: years 1 to 9999, nanos in range. */
  static boolean valid(Timestamp t) {
    return t.getSeconds() >= -62_135_596_800L
        && t.getSeconds() <= 253_402_300_799L
        && t.getNanos() >= 0
        && t.getNanos() <= 999_999_999;
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
