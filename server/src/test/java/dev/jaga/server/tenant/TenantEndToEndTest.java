package dev.jaga.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import dev.jaga.api.v1.CreateTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantState;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantEndToEndTest {
  private final DevCluster cluster = TestClusters.shared();

  @Test
  void getTenant_inItsHomeRegion_returnsIt() {
    try (JagaClient client = client("id-jkt")) {
      Tenant acme = get(client, "acme-id");
      assertThat(acme.getDisplayName()).isEqualTo("PT Acme Indonesia");
      assertThat(acme.getHomeRegion()).isEqualTo("id-jkt");
      assertThat(acme.getState()).isEqualTo(TenantState.TENANT_STATE_ACTIVE);
      assertThat(acme.getResidencyPreset()).isNotEmpty();
    }
  }

  @Test
  void getTenant_inAnotherRegion_redirectsToTheHomeEndpoint() {
    try (JagaClient client = client("sg-sin")) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> get(client, "acme-id"));
      ErrorDetails details = ErrorDetails.of(e);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(details.reason()).isEqualTo("WRONG_REGION");
      assertThat(details.metadata())
          .containsEntry("home_region", "id-jkt")
          .containsEntry("endpoint", cluster.node("id-jkt").region().grpc().endpoint());
    }
  }

  @Test
  void getTenant_unknown_isNotFound() {
    try (JagaClient client = client("id-jkt")) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> get(client, "ghost-co"));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void createTenant_everyFieldWrong_namesEveryField() {
    try (JagaClient client = client("id-jkt")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  client.tenants().createTenant(
                      CreateTenantRequest.newBuilder()
                          .setTenantId("-Bad_")
                          .setDisplayName(" ")
                          .setHomeRegion("mars-1")
                          .setRequestId("x")
                          .build()));
      ErrorDetails details = ErrorDetails.of(e);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(details.violations())
          .extracting(BadRequest.FieldViolation::getField)
          .containsExactly("tenant_id", "display_name", "home_region", "request_id");
      assertThat(details.violations().get(2).getDescription()).contains("id-jkt", "sg-sin");
    }
  }

  @Test
  void createTenant_inItsHomeRegion_createsItAndARetryReturnsTheSameTenant() {
    String id = "kopi-" + UUID.randomUUID().toString().substring(0, 8);
    CreateTenantRequest request = request(id, "PT Kopi Nusantara", "id-jkt");
    try (JagaClient client = client("id-jkt")) {
      Tenant created = client.tenants().createTenant(request);
      Tenant retried = client.tenants().createTenant(request);

      assertThat(created.getTenantId()).isEqualTo(id);
      assertThat(retried).isEqualTo(created);
      assertThat(get(client, id)).isEqualTo(created);
    }
    try (JagaClient client = client("eu-fra")) {
      assertThat(
              client.directory()
                  .resolveTenant(
                      dev.jaga.api.v1.ResolveTenantRequest.newBuilder().setTenantId(id).build())
                  .getHomeRegion()
                  .getId())
          .isEqualTo("id-jkt");
    }
  }

  @Test
  void createTenant_takenIdWithAnotherRequest_isAlreadyExists() {
    String id = "batik-" + UUID.randomUUID().toString().substring(0, 8);
    try (JagaClient client = client("id-jkt")) {
      client.tenants().createTenant(request(id, "CV Batik", "id-jkt"));
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> client.tenants().createTenant(request(id, "CV Batik", "id-jkt")));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("TENANT_EXISTS");
    }
  }

  @Test
  void createTenant_idHostedInAnotherRegion_isAlreadyExists() {
    try (JagaClient client = client("sg-sin")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> client.tenants().createTenant(request("acme-id", "Acme SG", "sg-sin")));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }
  }

  @Test
  void createTenant_reachingAnotherRegion_isRedirectedHome() {
    try (JagaClient client = client("eu-fra")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> client.tenants().createTenant(request("lada-id", "PT Lada", "id-jkt")));
      ErrorDetails details = ErrorDetails.of(e);
      assertThat(details.reason()).isEqualTo("WRONG_REGION");
      assertThat(details.metadata()).containsEntry("home_region", "id-jkt");
    }
  }

  private static CreateTenantRequest request(String id, String name, String home) {
    return CreateTenantRequest.newBuilder()
        .setTenantId(id)
        .setDisplayName(name)
        .setHomeRegion(home)
        .setRequestId(UUID.randomUUID().toString())
        .build();
  }

  private static Tenant get(JagaClient client, String id) {
    return client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(id).build());
  }

  private JagaClient client(String region) {
    Node node = cluster.node(region);
    return JagaClient.over(TestClusters.channel(node.region()), Optional.empty());
  }
}
