package dev.jaga.client.routing;

import dev.jaga.api.v1.ClassPlacement;
import dev.jaga.api.v1.ResolveTenantResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where tenants live, as this client learnt it (from ResolveTenant or a WRONG_REGION answer), kept
 * for a bounded time. A stale entry costs one redirect: the server never serves a tenant it does
 * not host.
 */
public final class Placements {
  static final Duration TTL = Duration.ofMinutes(5);
  private static final int MAX = 10_000;

  /** A tenant's home region, its endpoint, and (when resolved) the allowed regions per class. */
  public record Placement(String tenantId, String homeRegion, String endpoint, List<ClassPlacement> classes) {}

  private record Cached(Placement placement, Instant expires) {}

  private final Map<String, Cached> byTenant = new ConcurrentHashMap<>();
  private final Clock clock;

  public Placements(Clock clock) {
    this.clock = clock;
  }

  public Optional<Placement> of(String tenantId) {
    Cached cached = byTenant.get(tenantId);
    if (cached == null || !cached.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(cached.placement());
  }

  void remember(Placement placement) {
    if (byTenant.size() >= MAX) {
      byTenant.clear();
    }
    byTenant.put(placement.tenantId(), new Cached(placement, clock.instant().plus(TTL)));
  }

  /** Remembers what a ResolveTenant call answered. */
  public Placement remember(ResolveTenantResponse resolved) {
    Placement placement = new Placement(
        resolved.getTenantId(),
        resolved.getHomeRegion().getId(),
        resolved.getHomeRegion().getEndpoint(),
        resolved.getPlacementsList());
    remember(placement);
    return placement;
  }
}
