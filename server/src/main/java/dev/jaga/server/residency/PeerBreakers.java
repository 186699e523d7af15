package dev.jaga.server.residency;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * One circuit breaker per peer region: after repeated failures to reach a region, calls for its
 * tenants fail at once with UNAVAILABLE instead of each waiting on a dead connection, and a few
 * trial calls close it again once the region answers.
 */
@Singleton
final class PeerBreakers {
  static final Duration OPEN_FOR = Duration.ofSeconds(10);

  private static final CircuitBreakerConfig CONFIG =
      CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(10)
          .minimumNumberOfCalls(3)
          .failureRateThreshold(50)
          .waitDurationInOpenState(OPEN_FOR)
          .permittedNumberOfCallsInHalfOpenState(2)
          .build();

  private final Map<String, CircuitBreaker> byRegion = new ConcurrentHashMap<>();

  @Inject
  PeerBreakers() {}

  CircuitBreaker of(String regionId) {
    return byRegion.computeIfAbsent(regionId, id -> CircuitBreaker.of("peer-" + id, CONFIG));
  }
}
