package dev.jaga.server.residency;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Access;
import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.AuditEvent.Routing;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.directory.Directory;
import dev.jaga.server.directory.Peers;
import dev.jaga.server.grpc.FirstMessageInterceptor;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The residency router, the last interceptor before the services: from what the request touches
 * ({@link RouteClassifiers}) and where the tenant lives ({@link Directory}) it serves the call here
 * (LOCAL), proxies it to the home region (FORWARD, {@link ForwardingProxy}) or answers
 * FAILED_PRECONDITION / WRONG_REGION with the home region and its endpoint (REDIRECT), and puts
 * the decision in the call's audit record. Sits after authorization, so a caller learns nothing
 * about where a tenant it may not see lives; the home region authorizes a forwarded call again.
 *
 * <p>A call that says it was forwarded must prove it came from a peer node ({@link
 * ForwardingHeader}, and with mutual TLS a client certificate of the deployment's CA), else it is
 * refused; a forwarded call is never forwarded again.
 */
@Singleton
public final class RoutingInterceptor implements ServerInterceptor {
  private static final Context.Key<Route> ROUTE = Context.key("jaga-route");

  private record Route(Routing routing, Region home, Touch touch, RouteClassifier classifier, String clientPeer) {}

  private final Directory directory;
  private final RouteClassifiers classifiers;
  private final ResidencyRouter router;
  private final ForwardingProxy proxy;
  private final ForwardingHeader header;
  private final TrafficMeter meter;
  private final Clock clock;
  private final Set<String> peerRegions;
  private final boolean mutualTls;
  private final Judge judge = new Judge();

  @Inject
  RoutingInterceptor(
      Directory directory, RouteClassifiers classifiers, ResidencyRouter router, ForwardingProxy proxy,
      PeerKey key, TrafficMeter meter, Clock clock, Peers peers, RegionConfig config) {
    this.directory = directory;
    this.classifiers = classifiers;
    this.router = router;
    this.proxy = proxy;
    this.header = new ForwardingHeader(key);
    this.meter = meter;
    this.clock = clock;
    this.peerRegions = peers.regions().stream().map(Region::id).collect(Collectors.toUnmodifiableSet());
    this.mutualTls = config.access().tls().flatMap(Access.Tls::clientCa).isPresent();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return judge.interceptCall(call, headers, (routed, h) -> {
      Route route = ROUTE.get();
      if (route != null && route.routing() == Routing.FORWARD) {
        return proxy.start(routed, h, route.home(), route.touch(), route.classifier(), route.clientPeer());
      }
      ServerCall<Q, R> served =
          route != null && route.touch().routed() ? new MeteredCall<>(routed, route.touch(), route.classifier(), meter) : routed;
      return next.startCall(served, h);
    });
  }

  /** Decides from the first request message, before anything is served. */
  private final class Judge extends FirstMessageInterceptor {
    @Override
    protected <Q, R> Verdict judge(ServerCall<Q, R> call, Metadata headers, Q request) {
      String method = call.getMethodDescriptor().getFullMethodName();
      Optional<CallRecord> record = CallRecord.current();
      String clientPeer = record.map(CallRecord::peer).orElse("");
      Optional<ForwardingHeader.Forwarded> forwarded = forwardedBy(call, headers, method);
      forwarded.ifPresent(f -> record.ifPresent(
          r -> r.peer("forwarded by region " + f.entryRegion() + " for " + f.clientPeer())));
      RouteClassifier classifier = classifiers.of(method);
      Touch touch = classifier.classify(request);
      if (!touch.routed()) {
        return new Verdict.Allow(Context.current());
      }
      String tenantId = touch.tenantId().orElseThrow();
      Region home = directory.resolve(tenantId).home();
      Routing routing = router.decide(tenantId, home.id(), touch.classes());
      MethodType type = call.getMethodDescriptor().getType();
      boolean proxyable = type == MethodType.UNARY || type == MethodType.SERVER_STREAMING;
      if (routing == Routing.FORWARD && (forwarded.isPresent() || !proxyable)) {
        // One hop at most: a forwarded call that is not home here goes back as a redirect.
        routing = Routing.REDIRECT;
      }
      Routing decided = routing;
      record.ifPresent(r -> r.routing(decided));
      if (routing != Routing.LOCAL) {
        record.ifPresent(r -> r.scope("routed to " + home.id() + "; classes=" + names(touch.classes())));
      }
      if (routing == Routing.REDIRECT) {
        throw JagaException.wrongRegion(tenantId, home.id(), home.grpc().endpoint());
      }
      return new Verdict.Allow(
          Context.current().withValue(ROUTE, new Route(routing, home, touch, classifier, clientPeer)));
    }

    private Optional<ForwardingHeader.Forwarded> forwardedBy(ServerCall<?, ?> call, Metadata headers, String method) {
      String value = headers.get(ForwardingHeader.KEY);
      if (value == null) {
        return Optional.empty();
      }
      String authorization = headers.get(AuthenticationInterceptor.AUTHORIZATION);
      Optional<ForwardingHeader.Forwarded> verified =
          header.verify(value, method, authorization, peerRegions, clock.instant())
              // With mutual TLS, a peer node also shows a certificate of the deployment's CA.
              .filter(f -> !mutualTls || hasClientCertificate(call));
      if (verified.isEmpty()) {
        CallRecord.current().ifPresent(CallRecord::deny);
      }
      return Optional.of(
          verified
              .orElseThrow(() -> JagaException.unauthenticated(
                  ErrorReason.UNAUTHENTICATED,
                  "this call claims to be forwarded by a peer node but does not prove it; call without "
                      + ForwardingHeader.KEY.name())));
    }
  }

  private static boolean hasClientCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    try {
      // The TLS handshake has verified any certificate presented against the client CA.
      return session != null && session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private static String names(Set<DataClass> classes) {
    return classes.stream().map(DataClass::id).sorted().collect(Collectors.joining(","));
  }
}
