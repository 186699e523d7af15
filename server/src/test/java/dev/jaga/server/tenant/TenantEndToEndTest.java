package dev.jaga.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import dev.jaga.api.v1.CreateTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantState;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantEndToEndTest {
  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();

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
          catchThrowableOfType(StatusRuntimeException.class, () -> entryOnly(client).getTenant(
              GetTenantRequest.newBuilder().setTenantId("acme-id").build()));
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
    try (JagaClient client = provisioner("id-jkt", "kopi-x")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  client.tenants().createTenant(
                      CreateTenantRequest.newBuilder()
                          .setTenantId("kopi-x")
                          .setDisplayName(" ")
                          .setHomeRegion("mars-1")
                          .setRequestId("x")
                          .build()));
      ErrorDetails details = ErrorDetails.of(e);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(details.violations())
          .extracting(BadRequest.FieldViolation::getField)
          .containsExactly("display_name", "home_region", "request_id");
      assertThat(details.violations().get(1).getDescription()).contains("id-jkt", "sg-sin");
    }
  }

  @Test
  void createTenant_inItsHomeRegion_createsItAndARetryReturnsTheSameTenant() {
    String id = "kopi-" + UUID.randomUUID().toString().substring(0, 8);
    CreateTenantRequest request = request(id, "PT Kopi Nusantara", "id-jkt");
    try (JagaClient client = provisioner("id-jkt", id)) {
      Tenant created = client.tenants().createTenant(request);
      Tenant retried = client.tenants().createTenant(request);

      assertThat(created.getTenantId()).isEqualTo(id);
      assertThat(retried).isEqualTo(created);
      assertThat(get(client, id)).isEqualTo(created);
    }
    try (JagaClient client = provisioner("eu-fra", id)) {
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
    try (JagaClient client = provisioner("id-jkt", id)) {
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
    try (JagaClient client = provisioner("sg-sin", "acme-id")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> client.tenants().createTenant(request("acme-id", "Acme SG", "sg-sin")));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }
  }

  @Test
  void createTenant_reachingAnotherRegion_isRedirectedHome() {
    try (JagaClient client = provisioner("eu-fra", "lada-id")) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> entryOnly(client).createTenant(request("lada-id", "PT Lada", "id-jkt")));
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

  /** The node's own answer: JagaClient's stubs would follow the redirect by themselves. */
  private static TenantServiceGrpc.TenantServiceBlockingStub entryOnly(JagaClient client) {
    return TenantServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials());
  }

  private static Tenant get(JagaClient client, String id) {
    return client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(id).build());
  }

  private JagaClient client(String region) {
    return client(region, issuer.readerOfAllDemoTenants());
  }

  /** A client for whoever provisions {@code tenantId}: an owner grant on the new id. */
  private JagaClient provisioner(String region, String tenantId) {
    return client(region, issuer.token("ops@jaga.test", tenantId, "owner"));
  }

  private JagaClient client(String region, String token) {
    Node node = cluster.node(region);
    return issuer.client(node.region(), token);
  }
}
