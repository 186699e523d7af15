package dev.jaga.client.export;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.export.ExportStream.RetryListener;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.DoubleSupplier;

/**
 * The chunks of one export across as many StreamExport calls as it takes: after a transient failure
 * it waits as the policy says and calls again with the last resume token it was given. It checks
 * nothing about the chunks; {@link StreamVerifier} does.
 */
final class ResumingCall {

  /** How the call waits between attempts; tests pass one that only records the delays. */
  interface Sleeper {
    void sleep(Duration delay) throws InterruptedException;

    Sleeper THREAD = delay -> Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
  }

  private final ExportServiceBlockingStub stub;
  private final StreamExportRequest request;
  private final RetryPolicy policy;
  private final RetryListener listener;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  private volatile Context.CancellableContext callContext;
  private volatile boolean cancelled;
  private Iterator<ExportChunk> call;
  private String resumeToken = "";
  private int failuresInRow;
  private int resumptions;

  ResumingCall(
      ExportServiceBlockingStub stub,
      StreamExportRequest request,
      RetryPolicy policy,
      RetryListener listener,
      Sleeper sleeper,
      DoubleSupplier random) {
    this.stub = stub;
    this.request = request;
    this.policy = policy;
    this.listener = listener;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** Sends the first request, so the server starts reading while the caller gets ready. */
  void start() {
    StreamExportRequest attempt = request.toBuilder().setResumeToken(resumeToken).build();
    // The blocking stub binds its call to the current context: cancelling this one cancels it.
    Context.CancellableContext context = Context.current().withCancellation();
    callContext = context;
    Context previous = context.attach();
    try {
      call = stub.streamExport(attempt);
    } finally {
      context.detach(previous);
    }
    if (cancelled) {
      end();
    }
  }

  /** Where a resumption continues: after the chunk that carried this token. */
  void resumeAfter(String token) {
    resumeToken = token;
  }

  /**
   * The next chunk, resuming as the policy allows; null if the server ended the call cleanly.
   *
   * @throws StatusRuntimeException a failure not worth resuming after, or the last one when the
   *     attempts ran out
   */
  ExportChunk next() {
    while (true) {
      try {
        if (call == null) {
          start();
        }
        if (!call.hasNext()) {
          return null;
        }
        ExportChunk chunk = call.next();
        failuresInRow = 0;
        return chunk;
      } catch (StatusRuntimeException e) {
        end();
        if (cancelled) {
          throw e;
        }
        failuresInRow++;
        Duration delay =
            policy.delayAfter(failuresInRow, e, random.getAsDouble()).orElseThrow(() -> e);
        listener.retrying(failuresInRow + 1, delay, e);
        pause(delay);
        resumptions++;
      }
    }
  }

  /** Calls started again after a transient failure. */
  int resumptions() {
    return resumptions;
  }

  /**
   * Reads the current call to its end, so that the server sees it finish rather than be cancelled;
   * returns a chunk if one more came, which a caller done with the stream rejects. A failure status
   * at this point is not thrown: whatever was to be received has been.
   */
  ExportChunk drain() {
    try {
      return call != null && call.hasNext() ? call.next() : null;
    } catch (StatusRuntimeException ignored) {
      return null;
    } finally {
      end();
    }
  }

  /** Cancels the call in flight, from any thread; no call is started after. */
  void cancel() {
    cancelled = true;
    end();
  }

  private void pause(Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED
          .withDescription("interrupted while waiting to resume the export")
          .withCause(e)
          .asRuntimeException();
    }
  }

  private void end() {
    Context.CancellableContext context = callContext;
    if (context != null) {
      context.cancel(null);
    }
    callContext = null;
    call = null;
  }
}
