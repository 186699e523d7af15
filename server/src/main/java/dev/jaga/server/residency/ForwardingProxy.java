package dev.jaga.server.residency;

import com.google.common.util.concurrent.MoreExecutors;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.directory.Peers;
import dev.jaga.server.grpc.JagaException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Function;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Serves a call by proxying it to the tenant's home region: one generic pass-through for every
 * unary and server-streaming method, the outbound leg over raw bytes (a byte-array marshaller), the
 * caller's own bearer token and a signed forwarding header on it, the caller's deadline and
 * cancellation carried, responses pulled from the home region only as fast as the caller reads
 * them, and a circuit breaker per peer. Never serves anything itself: if the home region cannot be
 * reached, the answer is UNAVAILABLE (REGION_UNAVAILABLE).
 *
 * <p>The home region records a forwarded call, naming this region and the client, and answers only
 * once that event is durable. So a unary call's OK answer is passed on at once, and this region's
 * own event of it, a second witness, is written behind it (an answer other than OK is recorded here
 * before it is passed on, as any call's). The answer is taken straight from the transport's
 * thread, which only parses it and hands it on, never blocking.
 */
@Singleton
final class ForwardingProxy {
  static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final Function<Region, Channel> channels;
  private final PeerBreakers breakers;
  private final ForwardingHeader header;
  private final TrafficMeter meter;
  private final Clock clock;
  private final String self;

  @Inject
  ForwardingProxy(
      Peers peers, PeerBreakers breakers, PeerKey key, TrafficMeter meter, Clock clock, @ThisRegion Region self) {
    this(peers::channel, breakers, key, meter, clock, self);
  }

  /** With any way to reach the peers (tests: in-process). */
  ForwardingProxy(
      Function<Region, Channel> channels, PeerBreakers breakers, PeerKey key, TrafficMeter meter, Clock clock,
      Region self) {
    this.channels = channels;
    this.breakers = breakers;
    this.header = new ForwardingHeader(key);
    this.meter = meter;
    this.clock = clock;
    this.self = self.id();
  }

  /** Starts the outbound call; the returned listener takes the caller's request to it. */
  <Q, R> ServerCall.Listener<Q> start(
      ServerCall<Q, R> call, Metadata headers, Region home, Touch touch, RouteClassifier classifier, String clientPeer) {
    CircuitBreaker breaker = breakers.of(home.id());
    if (!breaker.tryAcquirePermission()) {
      call.close(
          Status.UNAVAILABLE.withCause(unreachable(home, touch).retryAfter(PeerBreakers.OPEN_FOR)), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    CallOptions options = CallOptions.DEFAULT;
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      options = options.withDeadline(deadline);
    }
    boolean unary = method.getType() == MethodType.UNARY;
    if (unary) {
      // Nothing on the way back blocks (the audit wait is a callback), so no hop to another thread.
      options = options.withExecutor(MoreExecutors.directExecutor());
    }
    // Created in the caller's context: when the caller goes away, this call is cancelled too.
    ClientCall<byte[], byte[]> out =
        channels.apply(home).newCall(method.toBuilder(RAW, RAW).build(), options);
    Metadata outbound = new Metadata();
    String authorization = headers.get(AuthenticationInterceptor.AUTHORIZATION);
    if (authorization != null) {
      outbound.put(AuthenticationInterceptor.AUTHORIZATION, authorization);
    }
    outbound.put(
        ForwardingHeader.KEY,
        header.sign(self, method.getFullMethodName(), authorization, clientPeer, clock.instant()));
    ProxiedCall<Q, R> proxied = new ProxiedCall<>(call, out, home, touch, classifier, breaker, meter);
    if (unary) {
      // Noted before the call starts, so that no answer can come back before the audit knows.
      CallRecord.current().ifPresent(CallRecord::recordedAtHome);
    }
    out.start(proxied.responses(), outbound);
    out.request(1);
    return proxied;
  }

  static JagaException unreachable(Region home, Touch touch) {
    return JagaException.unavailable(
        ErrorReason.REGION_UNAVAILABLE,
        "region " + home.id() + ", home of tenant " + touch.tenantId().orElse("")
            + ", cannot be reached; its data is served nowhere else, so retry shortly");
  }
}
