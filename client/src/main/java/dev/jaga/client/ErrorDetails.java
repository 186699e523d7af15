package dev.jaga.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structured details of a Jaga error status: the {@code ErrorInfo} reason and metadata, and
 * the fields a {@code BadRequest} names. Clients switch on {@link #reason()}, never on text.
 */
public record ErrorDetails(
    String code,
    String message,
    String reason,
    Map<String, String> metadata,
    List<BadRequest.FieldViolation> violations) {

  public static ErrorDetails of(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    String message =
        status != null ? status.getMessage() : Optional.ofNullable(e.getStatus().getDescription()).orElse("");
    ErrorInfo info = null;
    BadRequest badRequest = null;
    if (status != null) {
      for (com.google.protobuf.Any detail : status.getDetailsList()) {
        try {
          if (detail.is(ErrorInfo.class)) {
            info = detail.unpack(ErrorInfo.class);
          } else if (detail.is(BadRequest.class)) {
            badRequest = detail.unpack(BadRequest.class);
          }
        } catch (InvalidProtocolBufferException ignored) {
          // A detail we cannot read is skipped; the code and message still tell the story.
        }
      }
    }
    return new ErrorDetails(
        e.getStatus().getCode().name(),
        message,
        info != null ? info.getReason() : "",
        info != null ? info.getMetadataMap() : Map.of(),
        badRequest != null ? badRequest.getFieldViolationsList() : List.of());
  }

  /** One readable paragraph: code, reason, message, and each invalid field on its own line. */
  public String describe() {
    StringBuilder out = new StringBuilder(code);
    if (!reason.isEmpty()) {
      out.append(" (").append(reason).append(")");
    }
    out.append(": ").append(message);
    for (BadRequest.FieldViolation v : violations) {
      out.append("\n  ").append(v.getField()).append(": ").append(v.getDescription());
    }
    return out.toString();
  }
}
