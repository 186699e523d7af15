package dev.jaga.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The innermost interceptor: an exception a service throws becomes a close of the call it was
 * handed, so the failure travels out through every interceptor (audit records it, tracing counts
 * it) before {@link ErrorMapper} renders it. Without it gRPC would close the call behind their backs.
 */
public final class ServiceFailureInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException e) {
      close(call, e);
      return new ServerCall.Listener<>() {};
    }
    return new GuardedListener<>(delegate, e -> close(call, e));
  }

  private static void close(ServerCall<?, ?> call, RuntimeException e) {
    try {
      Status.Code code = e instanceof JagaException j ? j.code() : Status.Code.UNKNOWN;
      call.close(Status.fromCode(code).withCause(e), new Metadata());
    } catch (IllegalStateException alreadyClosed) {
      // The service closed the call before it threw; the close that counted has been audited.
    }
  }
}
