package dev.jaga.server.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.util.Optional;

/**
 * How a call's stream ended as its transport saw it, for services that must tell a client that
 * cancelled (an explicit RST_STREAM: {@code CANCELLED}) from a connection that broke ({@code
 * UNAVAILABLE} and the like). gRPC gives a service only "cancelled" for both; the transport's
 * status reaches stream tracers first, before any cancel handler runs, and this one keeps it in the
 * call's context.
 */
public final class CallEnding {
  private static final Context.Key<CallEnding> KEY = Context.key("jaga-call-ending");

  /** Registered on the server: one tracer per stream, which records its ending. */
  public static final ServerStreamTracer.Factory TRACERS =
      new ServerStreamTracer.Factory() {
        @Override
        public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
          CallEnding ending = new CallEnding();
          return new ServerStreamTracer() {
            @Override
            public Context filterContext(Context context) {
              return context.withValue(KEY, ending);
            }

            @Override
            public void streamClosed(Status status) {
              ending.status = status;
            }
          };
        }
      };

  private volatile Status status;

  /** The ending of the current call, if the server has the tracers registered. */
  public static Optional<CallEnding> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** The status the transport closed the stream with; null while it is open. */
  public Status status() {
    return status;
  }

  /**
   * True if the call ended because its connection broke (the client process died, the network
   * failed), not because the client cancelled it, the deadline passed or the server closed it.
   */
  public boolean connectionBroke() {
    Status s = status;
    return s != null && s.getCode() == Status.Code.UNAVAILABLE;
  }
}
