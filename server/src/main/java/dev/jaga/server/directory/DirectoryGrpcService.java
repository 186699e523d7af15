package dev.jaga.server.directory;

import dev.jaga.api.v1.ClassPlacement;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ListRegionsRequest;
import dev.jaga.api.v1.ListRegionsResponse;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.api.v1.ResolveTenantResponse;
import dev.jaga.config.ClassRule;
import dev.jaga.config.Condition;
import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.ResidencyMap;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.TenantIds;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import java.util.Map;
import javax.inject.Inject;

/** {@code jaga.v1.DirectoryService}: where tenants live and what their residency map allows. */
final class DirectoryGrpcService extends DirectoryServiceGrpc.DirectoryServiceImplBase {
  private final Directory directory;
  private final RegionConfig config;
  private final ResidencyMap residency;

  @Inject
  DirectoryGrpcService(Directory directory, RegionConfig config) {
    this.directory = directory;
    this.config = config;
    this.residency = config.residencyMap();
  }

  @Override
  public void resolveTenant(
      ResolveTenantRequest request, StreamObserver<ResolveTenantResponse> response) {
    String tenantId = TenantIds.require(request.getTenantId());
    Resolution resolution =
        request.getLocalOnly()
            ? directory
                .resolveLocal(tenantId)
                .orElseThrow(() -> JagaException.notFound("tenant " + tenantId))
            : directory.resolve(tenantId);
    response.onNext(toResponse(resolution));
    response.onCompleted();
  }

  @Override
  public void listRegions(ListRegionsRequest request, StreamObserver<ListRegionsResponse> response) {
    ListRegionsResponse.Builder out =
        ListRegionsResponse.newBuilder().setThisRegion(directory.self().id());
    config.regions().byId().values().forEach(r -> out.addRegions(toProto(r)));
    response.onNext(out.build());
    response.onCompleted();
  }

  private ResolveTenantResponse toResponse(Resolution resolution) {
    String tenantId = resolution.tenantId();
    String home = resolution.home().id();
    ResolveTenantResponse.Builder out =
        ResolveTenantResponse.newBuilder()
            .setTenantId(tenantId)
            .setHomeRegion(toProto(resolution.home()))
            .setResidencyPreset(config.residency().presetOf(tenantId))
            .setAnsweredByRegion(directory.self().id())
            .setAuthoritative(resolution.authoritative());
    Map<DataClass, ClassRule> rules = config.residency().rulesFor(tenantId);
    for (DataClass dataClass : DataClass.values()) {
      ClassRule rule = rules.get(dataClass);
      out.addPlacements(
          ClassPlacement.newBuilder()
              .setDataClass(toProto(dataClass))
              .setRule(rule.where().toString())
              .addAllAllowedRegions(residency.allowedRegions(tenantId, home, dataClass))
              .setAnonymizedOnly(rule.conditions().contains(Condition.ANONYMIZED))
              .setExportPolicy(rule.export().name().toLowerCase(Locale.ROOT)));
    }
    return out.build();
  }

  static dev.jaga.api.v1.Region toProto(Region region) {
    return dev.jaga.api.v1.Region.newBuilder()
        .setId(region.id())
        .setCountry(region.country())
        .addAllGroups(region.groups())
        .setEndpoint(region.grpc().endpoint())
        .setActive(region.active())
        .build();
  }

  static dev.jaga.api.v1.DataClass toProto(DataClass dataClass) {
    return dev.jaga.api.v1.DataClass.valueOf("DATA_CLASS_" + dataClass.name());
  }
}
