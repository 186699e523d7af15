package dev.jaga.client.export;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/** Error statuses as a Jaga server sends them: a code, Jaga's ErrorInfo, maybe a RetryInfo. */
final class Statuses {
  private Statuses() {}

  static StatusRuntimeException plain(Status.Code code) {
    return Status.fromCode(code).withDescription("test").asRuntimeException();
  }

  static StatusRuntimeException jaga(Status.Code code, String reason) {
    return StatusProto.toStatusRuntimeException(base(code, reason).build());
  }

  static StatusRuntimeException throttled(Duration retryAfter) {
    RetryInfo retry =
        RetryInfo.newBuilder()
            .setRetryDelay(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(retryAfter.getSeconds())
                    .setNanos(retryAfter.getNano()))
            .build();
    return StatusProto.toStatusRuntimeException(
        base(Status.Code.RESOURCE_EXHAUSTED, "QUOTA_EXCEEDED").addDetails(Any.pack(retry)).build());
  }

  private static com.google.rpc.Status.Builder base(Status.Code code, String reason) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage("test")
        .addDetails(
            Any.pack(ErrorInfo.newBuilder().setDomain("jaga.dev").setReason(reason).build()));
  }
}
