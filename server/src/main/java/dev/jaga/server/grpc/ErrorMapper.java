package dev.jaga.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.jaga.api.v1.ErrorReason;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become client-visible statuses: every non-OK status leaves with a
 * {@code google.rpc.ErrorInfo} (domain {@value #DOMAIN}), and anything unexpected becomes
 * {@code INTERNAL} with an error id that is logged here, once, with its stack trace.
 */
public final class ErrorMapper {
  public static final String DOMAIN = "jaga.dev";

  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  /** Where gRPC carries a {@code google.rpc.Status}; present means the status is already rich. */
  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private ErrorMapper() {}

  /** A status and trailers ready for {@code ServerCall.close}. */
  public record Mapped(Status status, Metadata trailers) {}

  /**
   * Maps a status on its way out. Statuses that already carry rich details pass unchanged; a
   * {@link JagaException} cause is rendered; an unknown cause is hidden behind an error id.
   */
  public static Mapped map(Status status, Metadata trailers) {
    if (status.isOk()) {
      return new Mapped(status, trailers);
    }
    if (status.getCause() instanceof JagaException e) {
      return render(e, trailers);
    }
    if (trailers.containsKey(STATUS_DETAILS)) {
      return new Mapped(status.withCause(null), trailers);
    }
    return switch (status.getCode()) {
      case UNKNOWN, INTERNAL, DATA_LOSS -> internal(status.getCause() != null ? status.getCause() : status.asRuntimeException(), trailers);
      case UNIMPLEMENTED -> render(
          JagaException.of(
              Status.Code.UNIMPLEMENTED,
              ErrorReason.NOT_IMPLEMENTED,
              "this method is part of the v1 API but not available on this server yet"),
          trailers);
      case CANCELLED, DEADLINE_EXCEEDED -> new Mapped(status.withCause(null), trailers);
      default -> render(
          JagaException.of(status.getCode(), reasonFor(status.getCode()), safeDescription(status)),
          trailers);
    };
  }

  /** The status for a throwable that escaped a service or an interceptor. */
  public static Mapped map(Throwable t, Metadata trailers) {
    if (t instanceof JagaException e) {
      return render(e, trailers);
    }
    if (t instanceof StatusRuntimeException e) {
      Metadata merged = new Metadata();
      merged.merge(trailers);
      if (e.getTrailers() != null) {
        merged.merge(e.getTrailers());
      }
      return map(e.getStatus(), merged);
    }
    return internal(t, trailers);
  }

  private static Mapped internal(Throwable cause, Metadata trailers) {
    String errorId = UUID.randomUUID().toString();
    log.error("internal error {}", errorId, cause);
    return render(
        new JagaException(
            Status.Code.INTERNAL,
            ErrorReason.INTERNAL_ERROR,
            "internal error " + errorId + "; the operators can find it in the server log",
            Map.of("error_id", errorId),
            java.util.List.of()),
        trailers);
  }

  private static Mapped render(JagaException e, Metadata trailers) {
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setDomain(DOMAIN)
            .setReason(e.reason().name())
            .putAllMetadata(e.metadata())
            .build();
    com.google.rpc.Status.Builder rich =
        com.google.rpc.Status.newBuilder()
            .setCode(e.code().value())
            .setMessage(e.getMessage())
            .addDetails(Any.pack(info));
    e.retryDelay()
        .ifPresent(
            delay ->
                rich.addDetails(
                    Any.pack(
                        RetryInfo.newBuilder()
                            .setRetryDelay(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(delay.getSeconds())
                                    .setNanos(delay.getNano()))
                            .build())));
    if (!e.violations().isEmpty()) {
      rich.addDetails(Any.pack(BadRequest.newBuilder().addAllFieldViolations(e.violations()).build()));
    }
    StatusRuntimeException sre = StatusProto.toStatusRuntimeException(rich.build(), trailers);
    return new Mapped(sre.getStatus(), sre.getTrailers());
  }

  private static ErrorReason reasonFor(Status.Code code) {
    return switch (code) {
      case UNAUTHENTICATED -> ErrorReason.UNAUTHENTICATED;
      case PERMISSION_DENIED -> ErrorReason.PERMISSION_DENIED;
      case NOT_FOUND -> ErrorReason.NOT_FOUND;
      case RESOURCE_EXHAUSTED -> ErrorReason.QUOTA_EXCEEDED;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorReason.INVALID_FIELD;
      case UNAVAILABLE -> ErrorReason.REGION_UNAVAILABLE;
      default -> ErrorReason.INVALID_STATE;
    };
  }

  /** gRPC's own descriptions (limits, deadlines) are safe; causes never reach the client. */
  private static String safeDescription(Status status) {
    return status.getDescription() != null ? status.getDescription() : status.getCode().name();
  }
}
