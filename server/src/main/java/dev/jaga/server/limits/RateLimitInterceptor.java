package dev.jaga.server.limits;

import com.google.common.util.concurrent.MoreExecutors;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.config.Access;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.AuditSink;
import dev.jaga.server.audit.AuditedDenial;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.auth.MethodPolicies;
import dev.jaga.server.auth.Principal;
import dev.jaga.server.grpc.FirstMessageInterceptor;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.TenantIds;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Request rates per principal and per tenant, and concurrent streaming exports per tenant, each
 * in its own bucket so a noisy tenant exhausts only its own. A refused call gets
 * RESOURCE_EXHAUSTED with a RetryInfo at once: permits are never waited for on a gRPC thread.
 */
@Singleton
public final class RateLimitInterceptor extends FirstMessageInterceptor {
  private static final String STREAM_EXPORT =
      ExportServiceGrpc.getStreamExportMethod().getFullMethodName();

  /** Streams hold a database connection each; the node's pool must keep room for everything else. */
  static final int STREAM_EXPORTS_PER_NODE = 8;

  private static final int MAX_BUCKETS = 10_000;

  private final Buckets<RateLimiter> principals;
  private final Buckets<RateLimiter> tenants;
  private final Buckets<Bulkhead> streams;
  private final Bulkhead nodeStreams;
  private final AuditSink audit;

  @Inject
  public RateLimitInterceptor(RegionConfig config, AuditSink audit) {
    Access.RateLimits limits = config.access().rateLimits();
    RateLimiterConfig perPrincipal = bucket(limits.principal());
    RateLimiterConfig perTenant = bucket(limits.tenant());
    this.principals = new Buckets<>(MAX_BUCKETS, key -> RateLimiter.of(key, perPrincipal));
    this.tenants = new Buckets<>(MAX_BUCKETS, key -> RateLimiter.of(key, perTenant));
    this.streams = new Buckets<>(MAX_BUCKETS, key -> Bulkhead.of(key, streamCap(limits.streamExportsPerTenant())));
    this.nodeStreams = Bulkhead.of("node", streamCap(STREAM_EXPORTS_PER_NODE));
    this.audit = audit;
  }

  private static BulkheadConfig streamCap(int concurrent) {
    return BulkheadConfig.custom().maxConcurrentCalls(concurrent).maxWaitDuration(Duration.ZERO).build();
  }

  /**
   * A window of {@code burst} permits refilled every {@code burst / perSecond} seconds: the
   * average stays at the rate, and up to a burst may arrive at once.
   */
  private static RateLimiterConfig bucket(Access.Rate rate) {
    long windowMillis = Math.max(1, 1000L * rate.burst() / rate.perSecond());
    return RateLimiterConfig.custom()
        .limitForPeriod(rate.burst())
        .limitRefreshPeriod(Duration.ofMillis(windowMillis))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  @Override
  protected <Q, R> Verdict judge(ServerCall<Q, R> call, Metadata headers, Q request) {
    Optional<Principal> principal = AuthenticationInterceptor.current();
    String actor = principal.map(Principal::actor).orElse("anonymous");
    take(principals.of(actor), "your request rate");
    // Only a tenant's own callers spend its budget: anyone else is refused by authorization
    // anyway, and must not be able to exhaust it for the tenant's users.
    Optional<String> tenant =
        MethodPolicies.tenantOf(request)
            .filter(t -> TenantIds.SLUG.matcher(t).matches())
            .filter(t -> principal.map(p -> !p.rolesOn(t).isEmpty()).orElse(false));
    if (tenant.isPresent()) {
      take(tenants.of(tenant.get()), "the request rate of tenant " + tenant.get());
      if (call.getMethodDescriptor().getFullMethodName().equals(STREAM_EXPORT)) {
        hold(streams.of(tenant.get()), "tenant " + tenant.get() + " already runs %d streaming exports");
        hold(nodeStreams, "this node already serves %d streaming exports");
      }
    }
    return new Verdict.Allow(Context.current());
  }

  /** Takes a stream permit for as long as the call lives, or refuses the call. */
  private static void hold(Bulkhead bulkhead, String busy) {
    if (!bulkhead.tryAcquirePermission()) {
      throw exhausted(
          String.format(busy, bulkhead.getBulkheadConfig().getMaxConcurrentCalls())
              + "; wait for one to finish",
          Duration.ofSeconds(5));
    }
    // The call's context is cancelled however the call ends: completed, failed or cancelled.
    Context.current().addListener(ended -> bulkhead.onComplete(), MoreExecutors.directExecutor());
  }

  @Override
  protected <Q, R> void deny(ServerCall<Q, R> call, Metadata headers, Q request, JagaException failure) {
    String actor = AuthenticationInterceptor.current().map(Principal::actor).orElse("anonymous");
    String tenant =
        MethodPolicies.tenantOf(request).filter(t -> TenantIds.SLUG.matcher(t).matches()).orElse(null);
    AuditedDenial.close(audit, call, actor, tenant, failure);
  }

  private static void take(RateLimiter limiter, String what) {
    if (!limiter.acquirePermission()) {
      // At worst a whole window away; never a wait on this thread.
      throw exhausted(
          what + " is over its limit; retry later",
          limiter.getRateLimiterConfig().getLimitRefreshPeriod());
    }
  }

  private static JagaException exhausted(String message, Duration retryAfter) {
    return JagaException.of(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.QUOTA_EXCEEDED, message)
        .retryAfter(retryAfter);
  }
}
