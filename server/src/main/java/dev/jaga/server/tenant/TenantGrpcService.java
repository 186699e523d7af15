package dev.jaga.server.tenant;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.CancelTenantDeletionRequest;
import dev.jaga.api.v1.CreateTenantRequest;
import dev.jaga.api.v1.DeleteTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.api.v1.TenantState;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.grpc.Violations;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.regex.Pattern;
import javax.inject.Inject;

/** {@code jaga.v1.TenantService}: creation, look-up, and scheduled deletion with its cancellation. */
final class TenantGrpcService extends TenantServiceGrpc.TenantServiceImplBase {
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{8,128}$");

  private final Tenants tenants;
  private final TenantDeletion deletion;
  private final RegionConfig config;

  @Inject
  TenantGrpcService(Tenants tenants, TenantDeletion deletion, RegionConfig config) {
    this.tenants = tenants;
    this.deletion = deletion;
    this.config = config;
  }

  @Override
  public void createTenant(CreateTenantRequest request, StreamObserver<Tenant> response) {
    Violations violations = new Violations();
    TenantIds.check(violations, "tenant_id", request.getTenantId());
    violations.text("display_name", request.getDisplayName(), 200);
    String home = request.getHomeRegion();
    if (config.regions().find(home).filter(Region::active).isEmpty()) {
      violations.add(
          "home_region",
          (home.isEmpty() ? "required" : "'" + home + "' is not an active region")
              + "; one of: " + String.join(", ", activeRegions()));
    }
    violations.matches(
        "request_id",
        request.getRequestId(),
        REQUEST_ID,
        "8 to 128 letters, digits, '.', '_', ':' or '-', e.g. a UUID; reuse it to retry safely");
    violations.throwIfAny();

    HostedTenant tenant =
        tenants.create(
            new Tenants.NewTenant(
                request.getTenantId(),
                request.getDisplayName(),
                home,
                request.getRequestId()));
    response.onNext(toProto(tenant));
    response.onCompleted();
  }

  @Override
  public void getTenant(GetTenantRequest request, StreamObserver<Tenant> response) {
    HostedTenant tenant = tenants.get(TenantIds.require(request.getTenantId()));
    response.onNext(toProto(tenant));
    response.onCompleted();
  }

  @Override
  public void deleteTenant(DeleteTenantRequest request, StreamObserver<Tenant> response) {
    Violations violations = new Violations();
    TenantIds.check(violations, "tenant_id", request.getTenantId());
    violations.text("confirm_display_name", request.getConfirmDisplayName(), 200);
    if (!request.getReason().isEmpty()) {
      violations.text("reason", request.getReason(), 500);
    }
    violations.throwIfAny();
    CallRecord.current().ifPresent(r -> r.scope("delete reason=" + request.getReason()));
    response.onNext(toProto(deletion.schedule(request.getTenantId(), request.getConfirmDisplayName())));
    response.onCompleted();
  }

  @Override
  public void cancelTenantDeletion(CancelTenantDeletionRequest request, StreamObserver<Tenant> response) {
    response.onNext(toProto(deletion.cancel(TenantIds.require(request.getTenantId()))));
    response.onCompleted();
  }

  private Tenant toProto(HostedTenant tenant) {
    Tenant.Builder out =
        Tenant.newBuilder()
            .setTenantId(tenant.id())
            .setDisplayName(tenant.displayName())
            .setHomeRegion(tenant.homeRegion())
            .setState(TenantState.valueOf("TENANT_STATE_" + tenant.status().name()))
            .setCreateTime(timestamp(tenant.createdAt()))
            .setResidencyPreset(config.residency().presetOf(tenant.id()));
    tenant.purgeAfter().ifPresent(t -> out.setPurgeTime(timestamp(t)));
    return out.build();
  }

  private java.util.List<String> activeRegions() {
    return config.regions().active().stream().map(Region::id).toList();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
