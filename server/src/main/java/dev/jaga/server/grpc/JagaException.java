package dev.jaga.server.grpc;

import com.google.rpc.BadRequest;
import dev.jaga.api.v1.ErrorReason;
import io.grpc.Status;
import java.util.List;
import java.util.Map;

/**
 * A failure the client is meant to see: a gRPC code, a reason from the v1 {@link ErrorReason}
 * catalogue, a message written for the caller, and structured details.
 *
 * <p>Services throw (or pass to {@code onError}) these; {@link ErrorMappingInterceptor} turns them
 * into statuses once. The message must never hold SQL, class names or another tenant's data.
 */
public final class JagaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final ErrorReason reason;
  private final Map<String, String> metadata;
  private final List<BadRequest.FieldViolation> violations;
  private final java.time.Duration retryAfter;

  public JagaException(
      Status.Code code,
      ErrorReason reason,
      String message,
      Map<String, String> metadata,
      List<BadRequest.FieldViolation> violations) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
    this.violations = List.copyOf(violations);
    this.retryAfter = null;
  }

  private JagaException(JagaException e, java.time.Duration retryAfter) {
    super(e.getMessage(), null, false, false);
    this.code = e.code;
    this.reason = e.reason;
    this.metadata = e.metadata;
    this.violations = e.violations;
    this.retryAfter = retryAfter;
  }

  /** The same failure, telling the client when a retry may succeed (a google.rpc.RetryInfo). */
  public JagaException retryAfter(java.time.Duration delay) {
    return new JagaException(this, delay);
  }

  public java.util.Optional<java.time.Duration> retryDelay() {
    return java.util.Optional.ofNullable(retryAfter);
  }

  /** Credentials missing or not accepted. */
  public static JagaException unauthenticated(ErrorReason reason, String message) {
    return new JagaException(Status.Code.UNAUTHENTICATED, reason, message, Map.of(), List.of());
  }

  /** A single invalid field: which one, what is wrong, and what to send instead. */
  public static JagaException invalidField(String field, String description) {
    return invalidFields(List.of(violation(field, description)));
  }

  /** Several invalid fields of one request, reported together. */
  public static JagaException invalidFields(List<BadRequest.FieldViolation> violations) {
    String message =
        violations.size() == 1
            ? violations.get(0).getField() + ": " + violations.get(0).getDescription()
            : violations.size() + " invalid fields: " + String.join(", ", fields(violations));
    return new JagaException(
        Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_FIELD, message, Map.of(), violations);
  }

  public static BadRequest.FieldViolation violation(String field, String description) {
    return BadRequest.FieldViolation.newBuilder()
        .setField(field)
        .setDescription(description)
        .build();
  }

  /** The same answer for "does not exist" and "not yours", by design. */
  public static JagaException notFound(String what) {
    return new JagaException(
        Status.Code.NOT_FOUND, ErrorReason.NOT_FOUND, what + " not found", Map.of(), List.of());
  }

  /** The tenant's data lives in another region; the client reconnects there. */
  public static JagaException wrongRegion(String tenantId, String homeRegion, String endpoint) {
    return new JagaException(
        Status.Code.FAILED_PRECONDITION,
        ErrorReason.WRONG_REGION,
        "tenant " + tenantId + " is served by region " + homeRegion + " at " + endpoint,
        Map.of("tenant_id", tenantId, "home_region", homeRegion, "endpoint", endpoint),
        List.of());
  }

  public static JagaException unavailable(ErrorReason reason, String message) {
    return new JagaException(Status.Code.UNAVAILABLE, reason, message, Map.of(), List.of());
  }

  public static JagaException of(Status.Code code, ErrorReason reason, String message) {
    return new JagaException(code, reason, message, Map.of(), List.of());
  }

  private static List<String> fields(List<BadRequest.FieldViolation> violations) {
    return violations.stream().map(BadRequest.FieldViolation::getField).toList();
  }

  public Status.Code code() {
    return code;
  }

  public ErrorReason reason() {
    return reason;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public List<BadRequest.FieldViolation> violations() {
    return violations;
  }
}
