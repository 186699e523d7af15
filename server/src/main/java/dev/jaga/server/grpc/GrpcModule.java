package dev.jaga.server.grpc;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditInterceptor;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.auth.AuthorizationInterceptor;
import dev.jaga.server.auth.PolicyRefinements;
import dev.jaga.server.limits.RateLimitInterceptor;
import dev.jaga.server.residency.RoutingInterceptor;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Singleton;

/** Assembles the node's gRPC server from the services the feature modules contribute. */
@Module
public interface GrpcModule {
  /** Bounds on what a caller may send; larger messages are refused by the transport. */
  int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

  int MAX_INBOUND_METADATA_BYTES = 16 * 1024;

  /**
   * The interceptors in the order a call meets them, outermost first ({@code interceptForward}
   * keeps that order, unlike adding them one by one, which reverses it).
   */
  @Provides
  @Singleton
  static List<ServerInterceptor> interceptors(
      TracingInterceptor tracing,
      AuthenticationInterceptor authentication,
      RateLimitInterceptor rateLimits,
      AuditInterceptor audit,
      AuthorizationInterceptor authorization,
      RoutingInterceptor routing) {
    return List.of(
        new ErrorMappingInterceptor(),
        tracing,
        authentication,
        rateLimits,
        audit,
        // Inside the audit, so a call the server ends for running too long is audited as such.
        new CallDurationInterceptor(MAX_UNARY_CALL, MAX_STREAM_CALL, TIMER),
        authorization,
        // After authorization (a caller learns nothing of a tenant it may not see) and inside the
        // audit, which records the routing decision: LOCAL, FORWARD or REDIRECT.
        routing,
        new ServiceFailureInterceptor());
  }

  /** The server's own limits on call duration, whatever deadline a client set. */
  Duration MAX_UNARY_CALL = Duration.ofSeconds(60);

  Duration MAX_STREAM_CALL = Duration.ofHours(12);

  /** Application threads: bounded, so a flood queues (then is refused) instead of exhausting memory. */
  int APPLICATION_THREADS = 64;

  int APPLICATION_QUEUE = 10_000;

  /** One timer for every node of the process; cancelled expiries leave its queue at once. */
  ScheduledExecutorService TIMER = CallDurationInterceptor.timer();

  private static ThreadPoolExecutor applicationExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(
        APPLICATION_THREADS,
        APPLICATION_THREADS,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(APPLICATION_QUEUE),
        r -> {
          Thread t = new Thread(r, "jaga-grpc-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // Idle threads go away, so a stopped node leaves nothing running behind.
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** The deployment's OpenTelemetry (a no-op unless an SDK or agent registers one). */
  @Provides
  static OpenTelemetry telemetry() {
    return GlobalOpenTelemetry.get();
  }

  /** Features may refine what their requests need (see {@link PolicyRefinements}); none must. */
  @Multibinds
  Map<String, PolicyRefinements.Refinement> policyRefinements();

  @Provides
  @Singleton
  static HealthStatusManager health() {
    return new HealthStatusManager();
  }

  @Provides
  @Singleton
  static GrpcServer server(
      Transport transport,
      @ThisRegion Region region,
      Set<BindableService> services,
      List<ServerInterceptor> interceptors,
      HealthStatusManager health) {
    ServerBuilder<?> builder =
        transport
            .serverBuilder(region)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .maxInboundMetadataSize(MAX_INBOUND_METADATA_BYTES)
            .handshakeTimeout(20, TimeUnit.SECONDS)
            .addStreamTracerFactory(CallEnding.TRACERS)
            .executor(applicationExecutor());
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.interceptForward(service, interceptors));
    }
    builder.addService(health.getHealthService());
    builder.addService(ProtoReflectionServiceV1.newInstance());
    return new GrpcServer(builder.build());
  }
}
