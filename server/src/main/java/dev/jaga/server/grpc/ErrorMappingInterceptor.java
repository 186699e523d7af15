package dev.jaga.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies {@link ErrorMapper} to every call: statuses on their way out, and exceptions that escape
 * a service's handler (which gRPC would otherwise close as UNKNOWN behind the interceptors' back).
 *
 * <p>It is the outermost interceptor, so that denials of the inner ones are mapped too.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MappingCall<Q, R> mapping = new MappingCall<>(call);
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(mapping, headers);
    } catch (RuntimeException e) {
      mapping.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new GuardedListener<>(delegate, mapping::fail);
  }

  /** Maps the status of the one close a call may have. */
  private static final class MappingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final AtomicBoolean closed = new AtomicBoolean();

    MappingCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    // Synchronized: a call may be closed from a timer or the audit writer while its handler sends.
    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed.get()) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void request(int numMessages) {
      if (!closed.get()) {
        super.request(numMessages);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed.get()) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed.compareAndSet(false, true)) {
        ErrorMapper.Mapped mapped = ErrorMapper.map(status, trailers);
        super.close(mapped.status(), mapped.trailers());
      }
    }

    synchronized void fail(Throwable t) {
      if (closed.compareAndSet(false, true)) {
        ErrorMapper.Mapped mapped = ErrorMapper.map(t, new Metadata());
        super.close(mapped.status(), mapped.trailers());
      }
    }
  }
}
