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
import dev.jaga.server.grpc.FirstMessageInterceptor;
import dev.jaga.server.grpc.JagaException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
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

  private final RateLimiterRegistry principals;
  private final RateLimiterRegistry tenants;
  private final BulkheadRegistry streams;
  private final AuditSink audit;

  @Inject
  public RateLimitInterceptor(RegionConfig config, AuditSink audit) {
    Access.RateLimits limits = config.access().rateLimits();
    this.principals = RateLimiterRegistry.of(bucket(limits.principal()));
    this.tenants = RateLimiterRegistry.of(bucket(limits.tenant()));
    this.streams =
        BulkheadRegistry.of(
            BulkheadConfig.custom()
                .maxConcurrentCalls(limits.streamExportsPerTenant())
                .maxWaitDuration(Duration.ZERO)
                .build());
    this.audit = audit;
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
    String actor = AuthenticationInterceptor.current().map(p -> p.actor()).orElse("anonymous");
    Optional<String> tenant = MethodPolicies.tenantOf(request).filter(t -> !t.isEmpty());
    take(principals.rateLimiter(actor), "your request rate");
    if (tenant.isPresent()) {
      take(tenants.rateLimiter(tenant.get()), "the request rate of tenant " + tenant.get());
      if (call.getMethodDescriptor().getFullMethodName().equals(STREAM_EXPORT)) {
        Bulkhead bulkhead = streams.bulkhead(tenant.get());
        if (!bulkhead.tryAcquirePermission()) {
          throw exhausted(
              "tenant " + tenant.get() + " already runs " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                  + " streaming exports; wait for one to finish",
              Duration.ofSeconds(5));
        }
        // The call's context is cancelled however the call ends: completed, failed or cancelled.
        Context.current().addListener(ended -> bulkhead.onComplete(), MoreExecutors.directExecutor());
      }
    }
    return new Verdict.Allow(Context.current());
  }

  @Override
  protected <Q, R> void deny(ServerCall<Q, R> call, Metadata headers, JagaException failure) {
    String actor = AuthenticationInterceptor.current().map(p -> p.actor()).orElse("anonymous");
    AuditedDenial.close(audit, call, actor, null, failure);
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
