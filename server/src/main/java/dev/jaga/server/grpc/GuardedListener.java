package dev.jaga.server.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;
import java.util.function.Consumer;

/**
 * A listener that hands an exception escaping any callback to {@code onFailure} instead of letting
 * gRPC close the call behind the interceptors' backs; after the first failure it delivers nothing.
 */
final class GuardedListener<Q> extends SimpleForwardingServerCallListener<Q> {
  private final Consumer<RuntimeException> onFailure;
  private boolean failed;

  GuardedListener(ServerCall.Listener<Q> delegate, Consumer<RuntimeException> onFailure) {
    super(delegate);
    this.onFailure = onFailure;
  }

  @Override
  public void onMessage(Q message) {
    guard(() -> super.onMessage(message));
  }

  @Override
  public void onHalfClose() {
    guard(super::onHalfClose);
  }

  @Override
  public void onReady() {
    guard(super::onReady);
  }

  @Override
  public void onCancel() {
    guard(super::onCancel);
  }

  @Override
  public void onComplete() {
    guard(super::onComplete);
  }

  private void guard(Runnable callback) {
    if (failed) {
      return;
    }
    try {
      callback.run();
    } catch (RuntimeException e) {
      failed = true;
      onFailure.accept(e);
    }
  }
}
