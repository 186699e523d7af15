package dev.jaga.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.ClassPlacement;
import dev.jaga.api.v1.ListRegionsRequest;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.api.v1.ResolveTenantResponse;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.config.DataClass;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryEndToEndTest {
  private final DevCluster cluster = TestClusters.shared();

  @Test
  void resolveTenant_fromEveryRegion_answersTheHomeRegion() {
    for (Node entry : cluster.nodes()) {
      try (JagaClient client = client(entry)) {
        assertThat(resolve(client, "acme-id").getHomeRegion().getId()).isEqualTo("id-jkt");
        assertThat(resolve(client, "sinar-id").getHomeRegion().getId()).isEqualTo("id-jkt");
        assertThat(resolve(client, "merlion-sg").getHomeRegion().getId()).isEqualTo("sg-sin");
        assertThat(resolve(client, "fjord-eu").getHomeRegion().getId()).isEqualTo("eu-fra");
      }
    }
  }

  @Test
  void resolveTenant_fromAnotherRegion_givesTheHomeEndpointAndIsNotAuthoritative() {
    try (JagaClient client = client(cluster.node("eu-fra"))) {
      ResolveTenantResponse r = resolve(client, "acme-id");
      assertThat(r.getHomeRegion().getEndpoint())
          .isEqualTo(cluster.node("id-jkt").region().grpc().endpoint());
      assertThat(r.getAnsweredByRegion()).isEqualTo("eu-fra");
      assertThat(r.getAuthoritative()).isFalse();
    }
    try (JagaClient client = client(cluster.node("id-jkt"))) {
      assertThat(resolve(client, "acme-id").getAuthoritative()).isTrue();
    }
  }

  @Test
  void resolveTenant_unknownTenant_isNotFoundFromEveryRegion() {
    for (Node entry : cluster.nodes()) {
      try (JagaClient client = client(entry)) {
        StatusRuntimeException e =
            catchThrowableOfType(StatusRuntimeException.class, () -> resolve(client, "no-such-tenant"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(ErrorDetails.of(e).reason()).isEqualTo("NOT_FOUND");
      }
    }
  }

  @Test
  void resolveTenant_localOnlyOutsideHome_isNotFound() {
    try (JagaClient client = client(cluster.node("sg-sin"))) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  client.directory().resolveTenant(
                      ResolveTenantRequest.newBuilder()
                          .setTenantId("acme-id")
                          .setLocalOnly(true)
                          .build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void resolveTenant_malformedId_namesTheField() {
    try (JagaClient client = client(cluster.node("id-jkt"))) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> resolve(client, "Acme ID"));
      ErrorDetails details = ErrorDetails.of(e);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(details.reason()).isEqualTo("INVALID_FIELD");
      assertThat(details.violations()).hasSize(1);
      assertThat(details.violations().get(0).getField()).isEqualTo("tenant_id");
      assertThat(details.violations().get(0).getDescription()).contains("lower-case");
    }
  }

  @Test
  void resolveTenant_placements_followTheResidencyMap() {
    RegionConfig config = TestClusters.realConfig();
    try (JagaClient client = client(cluster.node("sg-sin"))) {
      for (String tenant : List.of("acme-id", "merlion-sg", "fjord-eu")) {
        ResolveTenantResponse r = resolve(client, tenant);
        assertThat(r.getPlacementsList()).hasSize(DataClass.values().length);
        for (ClassPlacement p : r.getPlacementsList()) {
          DataClass dataClass =
              DataClass.valueOf(p.getDataClass().name().substring("DATA_CLASS_".length()));
          assertThat(p.getAllowedRegionsList())
              .as("%s %s", tenant, dataClass)
              .containsExactlyElementsOf(
                  config.residencyMap()
                      .allowedRegions(tenant, r.getHomeRegion().getId(), dataClass));
          assertThat(p.getAllowedRegionsList()).contains(r.getHomeRegion().getId());
        }
      }
    }
  }

  @Test
  void listRegions_listsEveryDeclaredRegion() {
    try (JagaClient client = client(cluster.node("eu-fra"))) {
      var regions = client.directory().listRegions(ListRegionsRequest.getDefaultInstance());
      assertThat(regions.getThisRegion()).isEqualTo("eu-fra");
      assertThat(regions.getRegionsList())
          .extracting(dev.jaga.api.v1.Region::getId)
          .containsExactly("id-jkt", "id-sby", "sg-sin", "eu-fra");
    }
  }

  private static ResolveTenantResponse resolve(JagaClient client, String tenantId) {
    return client.directory()
        .resolveTenant(ResolveTenantRequest.newBuilder().setTenantId(tenantId).build());
  }

  static JagaClient client(Node node) {
    TestIssuer issuer = TestClusters.sharedIssuer();
    return issuer.client(node.region(), issuer.readerOfAllDemoTenants());
  }
}
