package dev.jaga.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * An interceptor that must see the request before deciding (its tenant id, its scope): it starts
 * the rest of the chain only once the first request message has been judged, and closes the call
 * with the denial otherwise — so a denied call never reaches a service. Never throws.
 */
public abstract class FirstMessageInterceptor implements ServerInterceptor {
  /** What to do with a call, decided from its first message. */
  public sealed interface Verdict {
    /** Continue the chain in this context. */
    record Allow(Context context) implements Verdict {}

    /** Close the call with this failure. */
    record Deny(JagaException failure) implements Verdict {}
  }

  /** Judges the call; runs in the context the outer interceptors attached. */
  protected abstract <Q, R> Verdict judge(ServerCall<Q, R> call, Metadata headers, Q request);

  /**
   * Closes a call with a failure; subclasses may wrap it (to audit the denial first). The request
   * is null when the call ended before sending one.
   */
  protected <Q, R> void deny(ServerCall<Q, R> call, Metadata headers, Q request, JagaException failure) {
    call.close(Status.fromCode(failure.code()).withCause(failure), new Metadata());
  }

  @Override
  public final <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    // Nothing downstream has asked for the request yet; this layer needs it to decide.
    call.request(1);
    return new ServerCall.Listener<>() {
      private ServerCall.Listener<Q> delegate;
      private boolean closed;
      // The transport may report readiness before the chain is started; a streaming handler
      // waits for that signal, so it is replayed once the chain exists.
      private boolean readyBeforeStart;

      @Override
      public void onMessage(Q message) {
        if (delegate != null) {
          delegate.onMessage(message);
          return;
        }
        if (closed) {
          return;
        }
        Verdict verdict;
        try {
          verdict = judge(call, headers, message);
        } catch (JagaException e) {
          verdict = new Verdict.Deny(e);
        } catch (RuntimeException e) {
          // Unexpected: fail closed, and let the error mapper hide it behind an error id.
          closed = true;
          call.close(Status.UNKNOWN.withCause(e), new Metadata());
          return;
        }
        if (verdict instanceof Verdict.Deny deny) {
          closed = true;
          deny(call, headers, message, deny.failure());
          return;
        }
        delegate = Contexts.interceptCall(((Verdict.Allow) verdict).context(), call, headers, next);
        delegate.onMessage(message);
        if (readyBeforeStart) {
          delegate.onReady();
        }
      }

      @Override
      public void onHalfClose() {
        if (delegate != null) {
          delegate.onHalfClose();
        } else if (!closed) {
          closed = true;
          deny(call, headers, null, JagaException.invalidField("request", "the request message is missing"));
        }
      }

      @Override
      public void onCancel() {
        if (delegate != null) {
          delegate.onCancel();
        }
      }

      @Override
      public void onComplete() {
        if (delegate != null) {
          delegate.onComplete();
        }
      }

      @Override
      public void onReady() {
        if (delegate != null) {
          delegate.onReady();
        } else {
          readyBeforeStart = true;
        }
      }
    };
  }
}
