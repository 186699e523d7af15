package dev.jaga.server.audit;

import dev.jaga.server.grpc.JagaException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * Closes a call refused before the audit interceptor (bad credentials, rate limits) once its
 * denial is recorded: such calls are audited too, though nothing of theirs was served.
 */
public final class AuditedDenial {
  private AuditedDenial() {}

  public static void close(
      AuditSink sink, ServerCall<?, ?> call, String actor, String tenantId, JagaException failure) {
    CallRecord record =
        new CallRecord(
            call.getMethodDescriptor().getFullMethodName(),
            AuditInterceptor.peerOf(call),
            dev.jaga.server.grpc.TracingInterceptor.traceId(),
            actor);
    if (tenantId != null) {
      record.tenant(tenantId);
    }
    Status status = Status.fromCode(failure.code()).withCause(failure);
    sink.record(record, failure.code(), failure.reason().name())
        .whenComplete(
            (sequence, error) -> {
              synchronized (call) {
                call.close(error == null ? status : AuditInterceptor.auditUnavailable(), new Metadata());
              }
            });
  }
}
