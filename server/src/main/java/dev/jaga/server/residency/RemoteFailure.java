package dev.jaga.server.residency;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A failure the home region answered a forwarded call with, read back into the exception it was
 * rendered from, so this node's audit and error mapper treat it as their own (same code, reason,
 * details). Empty when the status carries no Jaga details (the peer was not reached).
 */
final class RemoteFailure {
  private RemoteFailure() {}

  static Optional<JagaException> of(Status status, Metadata trailers) {
    com.google.rpc.Status rich = StatusProto.fromStatusAndTrailers(status, trailers);
    if (rich == null || rich.getDetailsCount() == 0) {
      return Optional.empty();
    }
    ErrorInfo info = null;
    List<BadRequest.FieldViolation> violations = new ArrayList<>();
    Duration retry = null;
    for (Any detail : rich.getDetailsList()) {
      try {
        if (detail.is(ErrorInfo.class)) {
          info = detail.unpack(ErrorInfo.class);
        } else if (detail.is(BadRequest.class)) {
          violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
        } else if (detail.is(RetryInfo.class)) {
          com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
          retry = Duration.ofSeconds(d.getSeconds(), d.getNanos());
        }
      } catch (InvalidProtocolBufferException e) {
        return Optional.empty();
      }
    }
    if (info == null) {
      return Optional.empty();
    }
    JagaException e =
        new JagaException(status.getCode(), reason(info.getReason()), rich.getMessage(), info.getMetadataMap(),
            violations);
    return Optional.of(retry == null ? e : e.retryAfter(retry));
  }

  private static ErrorReason reason(String name) {
    try {
      return ErrorReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorReason.INTERNAL_ERROR;
    }
  }
}
