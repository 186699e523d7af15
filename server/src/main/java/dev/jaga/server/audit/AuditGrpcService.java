package dev.jaga.server.audit;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.Decision;
import dev.jaga.api.v1.ListAuditEventsRequest;
import dev.jaga.api.v1.VerifyAuditChainRequest;
import dev.jaga.api.v1.VerifyAuditChainResponse;
import dev.jaga.server.audit.AuditRepository.Filter;
import dev.jaga.server.grpc.Violations;
import dev.jaga.server.tenant.TenantIds;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code jaga.v1.AuditService}: validates, then lists a tenant's events or verifies the chain.
 * Whether the caller holds {@code audit:read} on the tenant is decided before the call gets here.
 */
final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 10_000;

  private final AuditRepository repository;
  private final AuditVerifier verifier;

  @Inject
  AuditGrpcService(AuditRepository repository, AuditVerifier verifier) {
    this.repository = repository;
    this.verifier = verifier;
  }

  @Override
  public void listAuditEvents(
      ListAuditEventsRequest request, StreamObserver<dev.jaga.api.v1.AuditEvent> response) {
    Violations violations = new Violations();
    TenantIds.check(violations, "tenant_id", request.getTenantId());
    Optional<Instant> from =
        time(violations, "from_time", request.hasFromTime(), request.getFromTime());
    Optional<Instant> until =
        time(violations, "until_time", request.hasUntilTime(), request.getUntilTime());
    if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
      violations.add("until_time", "must be after from_time");
    }
    optionalText(violations, "actor", request.getActor());
    optionalText(violations, "method", request.getMethod());
    Optional<AuditEvent.Decision> decision = decision(violations, request.getDecision());
    if (Integer.toUnsignedLong(request.getLimit()) > MAX_LIMIT) {
      violations.add(
          "limit", "at most " + MAX_LIMIT + " (0 for " + DEFAULT_LIMIT + "); page by from_time");
    }
    violations.throwIfAny();

    Filter filter =
        new Filter(
            request.getTenantId(),
            from,
            until,
            nonEmpty(request.getActor()),
            nonEmpty(request.getMethod()),
            decision);
    int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
    new EventStream(
            repository,
            filter,
            limit,
            (ServerCallStreamObserver<dev.jaga.api.v1.AuditEvent>) response)
        .start();
  }

  @Override
  public void verifyAuditChain(
      VerifyAuditChainRequest request, StreamObserver<VerifyAuditChainResponse> response) {
    Violations violations = new Violations();
    TenantIds.check(violations, "tenant_id", request.getTenantId());
    // uint64 on the wire: above 2^63 - 1 Java sees a negative long, and no chain is that long.
    long from = request.getFromSequence();
    long to = request.getToSequence();
    if (from < 0) {
      violations.add("from_sequence", "at most " + Long.MAX_VALUE + "; 0 for the beginning");
    }
    if (to < 0) {
      violations.add("to_sequence", "at most " + Long.MAX_VALUE + "; 0 for the latest");
    } else if (from > 0 && to != 0 && from > to) {
      violations.add("to_sequence", "must not be before from_sequence (0 for the latest)");
    }
    violations.throwIfAny();

    response.onNext(AuditMessages.toProto(verifier.verify(from, to)));
    response.onCompleted();
  }

  private static Optional<Instant> time(
      Violations violations, String field, boolean present, Timestamp t) {
    if (!present) {
      return Optional.empty();
    }
    if (!AuditMessages.valid(t)) {
      violations.add(field, "not a valid timestamp (years 1 to 9999, nanos 0 to 999999999)");
      return Optional.empty();
    }
    return Optional.of(AuditMessages.instant(t));
  }

  private static void optionalText(Violations violations, String field, String value) {
    if (value.length() > AuditEvent.MAX_TEXT) {
      violations.add(field, "too long; give at most " + AuditEvent.MAX_TEXT + " characters");
    }
  }

  private static Optional<AuditEvent.Decision> decision(Violations violations, Decision decision) {
    return switch (decision) {
      case DECISION_UNSPECIFIED -> Optional.empty();
      case DECISION_ALLOWED -> Optional.of(AuditEvent.Decision.ALLOWED);
      case DECISION_DENIED -> Optional.of(AuditEvent.Decision.DENIED);
      case UNRECOGNIZED -> {
        violations.add(
            "decision", "one of DECISION_ALLOWED, DECISION_DENIED, or unset for both");
        yield Optional.empty();
      }
    };
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
