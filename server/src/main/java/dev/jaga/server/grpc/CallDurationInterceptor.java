package dev.jaga.server.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's own cap on how long a call may take, whatever deadline the client set (or did not
 * set): a forgotten or malicious client cannot hold a cursor or a thread forever.
 */
public final class CallDurationInterceptor implements ServerInterceptor {
  private final Duration unaryLimit;
  private final Duration streamLimit;
  private final ScheduledExecutorService timer;

  public CallDurationInterceptor(Duration unaryLimit, Duration streamLimit, ScheduledExecutorService timer) {
    this.unaryLimit = unaryLimit;
    this.streamLimit = streamLimit;
    this.timer = timer;
  }

  /** A daemon timer whose cancelled tasks are removed, so finished calls are not kept reachable. */
  static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "jaga-call-limits");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Duration limit = call.getMethodDescriptor().getType() == MethodType.UNARY ? unaryLimit : streamLimit;
    ScheduledFuture<?> expiry =
        timer.schedule(
            () ->
                call.close(
                    Status.DEADLINE_EXCEEDED.withDescription(
                        "the server ends calls after " + limit.toSeconds() + " s"),
                    new Metadata()),
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
    // Whatever ends the call (close, cancel, broken connection) cancels its context.
    io.grpc.Context.current()
        .addListener(ended -> expiry.cancel(false), com.google.common.util.concurrent.MoreExecutors.directExecutor());
    return next.startCall(call, headers);
  }
}
