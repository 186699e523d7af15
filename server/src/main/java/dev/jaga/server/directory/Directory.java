package dev.jaga.server.directory;

import com.google.common.util.concurrent.ListenableFuture;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.api.v1.ResolveTenantResponse;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.TenantCache;
import dev.jaga.server.auth.AuthenticationInterceptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Tenant → home region. This region is authoritative for the tenants it hosts; for any other
 * tenant it asks its peers (each answering only for its own tenants) and caches the answer for a
 * bounded time. A stale cache can cost a redirect, never a leak: data planes serve only what they
 * host.
 *
 * <p>Whether a tenant is hosted here comes from the {@link TenantCache}.
 */
@Singleton
public final class Directory {
  static final Duration CACHE_TTL = Duration.ofSeconds(60);
  private static final Duration PEER_DEADLINE = Duration.ofSeconds(3);
  private static final int CACHE_MAX = 10_000;

  private final TenantCache tenants;
  private final Peers peers;
  private final RegionConfig config;
  private final Region self;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Resolution resolution, Instant expires) {}

  @Inject
  Directory(
      TenantCache tenants,
      Peers peers,
      RegionConfig config,
      @ThisRegion Region self,
      Clock clock) {
    this.tenants = tenants;
    this.peers = peers;
    this.config = config;
    this.self = self;
    this.clock = clock;
  }

  /** From this region's own directory only. */
  public Optional<Resolution> resolveLocal(String tenantId) {
    return tenants.find(tenantId).map(t -> new Resolution(tenantId, self, true));
  }

  /**
   * Wherever the tenant lives. NOT_FOUND only when every peer answered that it does not host the
   * tenant; if one could not be asked, UNAVAILABLE, since the tenant may live there.
   */
  public Resolution resolve(String tenantId) {
    Optional<Resolution> local = resolveLocal(tenantId);
    if (local.isPresent()) {
      return local.get();
    }
    Cached cached = cache.get(tenantId);
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return cached.resolution();
    }
    Resolution found = askPeers(tenantId);
    if (cache.size() >= CACHE_MAX) {
      cache.clear();
    }
    cache.put(tenantId, new Cached(found, clock.instant().plus(CACHE_TTL)));
    return found;
  }

  /** Whether another region already hosts this id (for creation, which must be unique). */
  public boolean hostedElsewhere(String tenantId) {
    try {
      askPeers(tenantId);
      return true;
    } catch (JagaException e) {
      if (e.code() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private Resolution askPeers(String tenantId) {
    ResolveTenantRequest request =
        ResolveTenantRequest.newBuilder().setTenantId(tenantId).setLocalOnly(true).build();
    // The peer checks the caller's own credentials: a look-up never lends this node's authority.
    Metadata caller = new Metadata();
    AuthenticationInterceptor.bearerToken()
        .ifPresent(t -> caller.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + t));
    Map<Region, ListenableFuture<ResolveTenantResponse>> calls = new LinkedHashMap<>();
    for (Region peer : peers.regions()) {
      calls.put(
          peer,
          DirectoryServiceGrpc.newFutureStub(peers.channel(peer))
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller))
              .withDeadlineAfter(PEER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .resolveTenant(request));
    }
    List<String> unreachable = new ArrayList<>();
    for (Map.Entry<Region, ListenableFuture<ResolveTenantResponse>> call : calls.entrySet()) {
      Region peer = call.getKey();
      try {
        // A peer speaks only for its own tenants; any other answer is ignored.
        if (call.getValue().get().getHomeRegion().getId().equals(peer.id())) {
          calls.values().forEach(f -> f.cancel(true));
          return new Resolution(tenantId, peer, false);
        }
      } catch (ExecutionException e) {
        if (Status.fromThrowable(e.getCause()).getCode() != Status.Code.NOT_FOUND) {
          unreachable.add(peer.id());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unreachable.add(peer.id());
      }
    }
    if (!unreachable.isEmpty()) {
      throw JagaException.unavailable(
          ErrorReason.REGION_UNAVAILABLE,
          "could not reach region(s) " + String.join(", ", unreachable)
              + " to look up tenant " + tenantId + "; try again shortly");
    }
    throw JagaException.notFound("tenant " + tenantId);
  }

  /** The regions of the deployment, for ListRegions. */
  public RegionConfig config() {
    return config;
  }

  public Region self() {
    return self;
  }
}
