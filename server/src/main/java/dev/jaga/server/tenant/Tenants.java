package dev.jaga.server.tenant;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.directory.Directory;
import dev.jaga.server.directory.Resolution;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Status;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Creating and looking up the tenants this region hosts. */
@Singleton
public final class Tenants {
  private final TenantRepository repository;
  private final TenantCache cache;
  private final Directory directory;
  private final Region self;
  private final Clock clock;

  @Inject
  Tenants(
      TenantRepository repository,
      TenantCache cache,
      Directory directory,
      @ThisRegion Region self,
      Clock clock) {
    this.repository = repository;
    this.cache = cache;
    this.directory = directory;
    this.self = self;
    this.clock = clock;
  }

  /** What a CreateTenant call asks for, already validated field by field. */
  public record NewTenant(String id, String displayName, String homeRegion, String requestId) {}

  /**
   * Registers the tenant here, its home. A retry of the same request returns the same tenant; any
   * other use of a taken id is refused, whichever region holds it.
   */
  public HostedTenant create(NewTenant request) {
    if (!request.homeRegion().equals(self.id())) {
      throw JagaException.wrongRegion(request.id(), request.homeRegion(), endpointOf(request));
    }
    Optional<HostedTenant> existing = repository.find(request.id());
    if (existing.isEmpty() && directory.hostedElsewhere(request.id())) {
      throw taken(request.id());
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Optional<HostedTenant> created =
        existing.isPresent()
            ? Optional.empty()
            : repository.insertIfAbsent(
                request.id(),
                request.displayName(),
                request.homeRegion(),
                Optional.of(request.requestId()),
                now);
    // This node's own next look-up must find it, without waiting for the announcement.
    cache.forget(request.id());
    if (created.isPresent()) {
      return created.get();
    }
    HostedTenant tenant = repository.find(request.id()).orElseThrow(() -> taken(request.id()));
    if (isRetryOf(tenant, request)) {
      return tenant;
    }
    throw taken(request.id());
  }

  /**
   * The tenant if hosted here, as last announced ({@link TenantCache}): for answering look-ups.
   * WRONG_REGION if hosted elsewhere; NOT_FOUND if nowhere.
   */
  public HostedTenant get(String tenantId) {
    return hostedHere(tenantId, cache.find(tenantId));
  }

  /**
   * The tenant as its row stands now, for acting on it: a purged tenant is gone, NOT_FOUND as for
   * any tenant that does not exist, so nothing is exported from, erased in or sealed for a tenant
   * whose data and key were destroyed. WRONG_REGION and NOT_FOUND as {@link #get}.
   */
  public HostedTenant live(String tenantId) {
    HostedTenant tenant = hostedHere(tenantId, repository.find(tenantId));
    if (tenant.status() == HostedTenant.TenantStatus.PURGED) {
      throw JagaException.notFound("tenant");
    }
    return tenant;
  }

  private HostedTenant hostedHere(String tenantId, Optional<HostedTenant> local) {
    if (local.isPresent()) {
      return local.get();
    }
    Resolution elsewhere = directory.resolve(tenantId);
    throw JagaException.wrongRegion(
        tenantId, elsewhere.home().id(), elsewhere.home().grpc().endpoint());
  }

  private static boolean isRetryOf(HostedTenant tenant, NewTenant request) {
    return tenant.createRequestId().map(request.requestId()::equals).orElse(false)
        && Objects.equals(tenant.displayName(), request.displayName())
        && Objects.equals(tenant.homeRegion(), request.homeRegion());
  }

  private String endpointOf(NewTenant request) {
    return directory.config().regions().require(request.homeRegion()).grpc().endpoint();
  }

  private static JagaException taken(String tenantId) {
    return JagaException.of(
        Status.Code.ALREADY_EXISTS,
        ErrorReason.TENANT_EXISTS,
        "tenant id " + tenantId + " is already taken; choose another id, or retry with the"
            + " original request_id to get the tenant you created");
  }
}
