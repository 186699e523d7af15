package dev.jaga.server.residency;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ServerCall;

/** A call served here, counting what it sends per tenant and data class in the {@link TrafficMeter}. */
final class MeteredCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
  private final Touch touch;
  private final RouteClassifier classifier;
  private final TrafficMeter meter;

  MeteredCall(ServerCall<Q, R> delegate, Touch touch, RouteClassifier classifier, TrafficMeter meter) {
    super(delegate);
    this.touch = touch;
    this.classifier = classifier;
    this.meter = meter;
  }

  @Override
  public void sendMessage(R message) {
    long bytes = message instanceof MessageLite m ? m.getSerializedSize() : 0;
    meter.record(
        TrafficMeter.Direction.SENT, touch.tenantId().orElseThrow(), classifier.contentOf(touch, message), bytes);
    super.sendMessage(message);
  }
}
