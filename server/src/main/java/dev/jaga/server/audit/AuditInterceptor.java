package dev.jaga.server.audit;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.grpc.TracingInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;

/**
 * Fail-closed audit of every call that passed authentication and rate limiting: a unary response
 * is held back until the call's event is durable, and a stream sends its first message only after
 * a durable "serving" event; if the log cannot record, the call fails with UNAVAILABLE. A unary
 * call forwarded to the tenant's home region, which records it before answering, is the exception:
 * here its OK ending is recorded behind the answer ({@link CallRecord#recordedAtHome}).
 */
public final class AuditInterceptor implements ServerInterceptor {
  static final String SERVING = "SERVING";
  private static final long STREAM_START_TIMEOUT_SECONDS = 10;

  private final AuditSink sink;

  @Inject
  public AuditInterceptor(AuditSink sink) {
    this.sink = sink;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    CallRecord record =
        new CallRecord(
            call.getMethodDescriptor().getFullMethodName(),
            peerOf(call),
            TracingInterceptor.traceId(),
            AuthenticationInterceptor.current().map(p -> p.actor()).orElse("anonymous"));
    Context context = record.attach(Context.current());
    return Contexts.interceptCall(context, new AuditedCall<>(call, record, sink), headers, next);
  }

  static String peerOf(ServerCall<?, ?> call) {
    Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return address == null ? "" : address.toString();
  }

  /** The code the client will see once the error mapper has rendered the status. */
  static Status.Code codeOf(Status status) {
    if (status.getCause() instanceof JagaException e) {
      return e.code();
    }
    return status.getCode() == Status.Code.UNKNOWN ? Status.Code.INTERNAL : status.getCode();
  }

  static String reasonOf(Status status) {
    if (status.getCause() instanceof JagaException e) {
      return e.reason().name();
    }
    return status.isOk() ? "" : ErrorReason.INTERNAL_ERROR.name();
  }

  static Status auditUnavailable() {
    return Status.UNAVAILABLE.withCause(
        JagaException.unavailable(
            ErrorReason.AUDIT_UNAVAILABLE,
            "the audit log could not record this call, so it was not served; try again shortly"));
  }

  /** Holds back what would leave unaudited. */
  private static final class AuditedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final CallRecord record;
    private final AuditSink sink;
    private final boolean unary;
    private R held;
    private boolean streamAudited;
    private boolean failed;

    AuditedCall(ServerCall<Q, R> delegate, CallRecord record, AuditSink sink) {
      super(delegate);
      this.record = record;
      this.sink = sink;
      MethodType type = delegate.getMethodDescriptor().getType();
      this.unary = type == MethodType.UNARY || type == MethodType.CLIENT_STREAMING;
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (failed) {
        return;
      }
      if (unary) {
        held = message;
        return;
      }
      if (!streamAudited) {
        try {
          sink.record(record, Status.Code.OK, SERVING).get(STREAM_START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          streamAudited = true;
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          failed = true;
          super.close(auditUnavailable(), new Metadata());
          return;
        }
      }
      super.sendMessage(message);
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (failed) {
        return;
      }
      if (unary && status.isOk() && record.isRecordedAtHome()) {
        // Forwarded: the home region answered only once its own event was durable, so nothing
        // leaves unaudited; this region's event is a second witness and does not hold the answer.
        sink.recordBehind(record, Status.Code.OK, "");
        release(status, trailers);
        return;
      }
      sink.record(record, codeOf(status), reasonOf(status))
          .whenComplete(
              (sequence, error) -> {
                synchronized (this) {
                  if (error != null) {
                    failed = true;
                    super.close(auditUnavailable(), new Metadata());
                    return;
                  }
                  release(status, trailers);
                }
              });
    }

    private void release(Status status, Metadata trailers) {
      if (held != null) {
        super.sendMessage(held);
        held = null;
      }
      super.close(status, trailers);
    }
  }
}
