package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.Routing;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.demo.DemoTenants;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The routing matrix over the running cluster: every demo tenant × every region as the entry ×
 * scopes touching different classes, called for real; the outcome and the entry region's audit
 * event match the decision computed independently from the YAML files.
 */
class RoutingEndToEndTest {
  private static final String STREAM_EXPORT = ExportServiceGrpc.getStreamExportMethod().getFullMethodName();

  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final IndependentResidency yaml = new IndependentResidency();
  private final String user = "matrix-" + UUID.randomUUID() + "@jaga.test";
  private final String token = issuer.token(user, ownerOfEveryDemoTenant());

  @Test
  void streamExport_everyTenantEntryAndScope_isRoutedAsResidencyYamlSays() {
    Map<String, Integer> seen = new HashMap<>();
    for (DemoTenants.DemoTenant tenant : DemoTenants.all()) {
      for (Node entry : cluster.nodes()) {
        for (RoutingScopes scope : RoutingScopes.all(yaml)) {
          Set<String> classes = yaml.exportedClasses(tenant.id(), scope.entities());
          String expected = yaml.decision(tenant.id(), tenant.homeRegion(), entry.region().id(), classes);
          String what = tenant.id() + " entering " + entry.region().id() + ", " + scope.name() + " " + classes;
          StreamExportRequest request =
              StreamExportRequest.newBuilder().setTenantId(tenant.id()).setScope(scope.scope(yaml)).build();
          int before = events(entry, tenant.id()).size();
          if (expected.equals("REDIRECT")) {
            assertRedirected(entry, request, tenant, what);
          } else {
            assertThat(export(entry, request).hasSummary()).as(what).isTrue();
          }
          List<AuditEvent> after = events(entry, tenant.id());
          assertThat(after.size()).as(what).isGreaterThan(before);
          assertThat(after.get(after.size() - 1).getRouting()).as(what).isEqualTo(Routing.valueOf("ROUTING_" + expected));
          seen.merge(expected, 1, Integer::sum);
        }
      }
    }
    assertThat(seen).containsKeys("LOCAL", "FORWARD", "REDIRECT");
  }

  @Test
  void getExport_namesPeople_isRoutedAsPersonalData() {
    // acme-id keeps personal data in Indonesia: only id-jkt may answer (sg-sin and eu-fra redirect).
    for (Node entry : cluster.nodes()) {
      boolean home = entry.region().id().equals("id-jkt");
      try (JagaClient client = issuer.client(entry.region(), token)) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
            ExportServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
                .getExport(GetExportRequest.newBuilder().setTenantId("acme-id").setExportId("x").build()));
        if (home) {
          // Served here, where the made-up export id is refused as such.
          assertThat(ErrorDetails.of(e).reason()).isNotEqualTo("WRONG_REGION");
        } else {
          assertThat(ErrorDetails.of(e).reason()).isEqualTo("WRONG_REGION");
        }
      }
      List<AuditEvent> audited = AuditTrail.of(issuer, token, entry, "acme-id", "person:" + user,
          ExportServiceGrpc.getGetExportMethod().getFullMethodName());
      assertThat(audited.get(audited.size() - 1).getRouting())
          .isEqualTo(home ? Routing.ROUTING_LOCAL : Routing.ROUTING_REDIRECT);
    }
  }

  private void assertRedirected(Node entry, StreamExportRequest request, DemoTenants.DemoTenant tenant, String what) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(entry, request));
    assertThat(e).as(what).isNotNull();
    assertThat(e.getStatus().getCode()).as(what).isEqualTo(Status.Code.FAILED_PRECONDITION);
    ErrorDetails details = ErrorDetails.of(e);
    assertThat(details.reason()).as(what).isEqualTo("WRONG_REGION");
    assertThat(details.metadata())
        .containsEntry("home_region", tenant.homeRegion())
        .containsEntry("endpoint", cluster.node(tenant.homeRegion()).region().grpc().endpoint());
  }

  /** Reads the whole stream; returns its last chunk. */
  private ExportChunk export(Node entry, StreamExportRequest request) {
    try (JagaClient client = issuer.client(entry.region(), token)) {
      ExportChunk last = null;
      var chunks = ExportServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .streamExport(request);
      while (chunks.hasNext()) {
        last = chunks.next();
      }
      return last;
    }
  }

  private List<AuditEvent> events(Node node, String tenant) {
    return AuditTrail.of(issuer, token, node, tenant, "person:" + user, STREAM_EXPORT);
  }

  static Map<String, List<String>> ownerOfEveryDemoTenant() {
    Map<String, List<String>> roles = new LinkedHashMap<>();
    DemoTenants.all().forEach(t -> roles.put(t.id(), List.of("owner")));
    return roles;
  }
}
