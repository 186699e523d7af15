package dev.jaga.server.residency;

import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.server.grpc.JagaException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One forwarded call: the caller's side (this listener) and the home region's side
 * ({@link #responses()}). Asks the home region for the next message only when the caller is ready
 * for it, so a slow reader slows the home region down instead of filling this node's memory.
 */
final class ProxiedCall<Q, R> extends ServerCall.Listener<Q> {
  private final ServerCall<Q, R> call;
  private final ClientCall<byte[], byte[]> out;
  private final Region home;
  private final Touch touch;
  private final RouteClassifier classifier;
  private final CircuitBreaker breaker;
  private final TrafficMeter meter;
  private final AtomicBoolean breakerDone = new AtomicBoolean();
  private final long started = System.nanoTime();
  private final Object flow = new Object();
  private boolean waitingForReady;

  ProxiedCall(
      ServerCall<Q, R> call, ClientCall<byte[], byte[]> out, Region home, Touch touch,
      RouteClassifier classifier, CircuitBreaker breaker, TrafficMeter meter) {
    this.call = call;
    this.out = out;
    this.home = home;
    this.touch = touch;
    this.classifier = classifier;
    this.breaker = breaker;
    this.meter = meter;
  }

  @Override
  public void onMessage(Q request) {
    out.sendMessage(bytes(call.getMethodDescriptor().streamRequest(request)));
  }

  @Override
  public void onHalfClose() {
    out.halfClose();
  }

  @Override
  public void onCancel() {
    out.cancel("the caller cancelled the call", null);
    if (breakerDone.compareAndSet(false, true)) {
      breaker.releasePermission();
    }
  }

  @Override
  public void onReady() {
    synchronized (flow) {
      if (waitingForReady && call.isReady()) {
        waitingForReady = false;
        out.request(1);
      }
    }
  }

  ClientCall.Listener<byte[]> responses() {
    return new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata headers) {
        call.sendHeaders(new Metadata());
      }

      @Override
      public void onMessage(byte[] message) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        R response = method.parseResponse(new ByteArrayInputStream(message));
        String tenant = touch.tenantId().orElseThrow();
        Set<DataClass> classes = classifier.contentOf(touch, response);
        meter.record(TrafficMeter.Direction.RECEIVED_FROM_PEER, tenant, classes, message.length);
        meter.record(TrafficMeter.Direction.SENT, tenant, classes, message.length);
        call.sendMessage(response);
        synchronized (flow) {
          if (call.isReady()) {
            out.request(1);
          } else {
            waitingForReady = true;
          }
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        Optional<JagaException> answered = RemoteFailure.of(status, trailers);
        boolean unreachable = status.getCode() == Status.Code.UNAVAILABLE && answered.isEmpty();
        if (breakerDone.compareAndSet(false, true)) {
          long took = System.nanoTime() - started;
          if (unreachable) {
            breaker.onError(took, TimeUnit.NANOSECONDS, status.asRuntimeException());
          } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
          }
        }
        Status closing;
        if (status.isOk()) {
          closing = Status.OK;
        } else if (answered.isPresent()) {
          closing = Status.fromCode(status.getCode()).withCause(answered.get());
        } else if (unreachable) {
          closing = Status.UNAVAILABLE.withCause(ForwardingProxy.unreachable(home, touch));
        } else {
          // Cancelled or past its deadline: gRPC's own status, nothing of the peer's.
          closing = Status.fromCode(status.getCode()).withDescription(status.getDescription());
        }
        try {
          call.close(closing, new Metadata());
        } catch (IllegalStateException alreadyClosed) {
          // The caller's side ended first (cancelled, or its time was up).
        }
      }
    };
  }

  private static byte[] bytes(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
