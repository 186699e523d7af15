package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.Decision;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Routing;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportStream;
import dev.jaga.client.export.RetryPolicy;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Done-when: the Java client pointed at the wrong region completes a stream export transparently,
 * and the audit of each region shows which step it served and how.
 */
class ClientRoutingTest {
  private static final String STREAM_EXPORT = ExportServiceGrpc.getStreamExportMethod().getFullMethodName();

  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final String user = "client-" + UUID.randomUUID() + "@jaga.test";
  private final String token = issuer.token(user, RoutingEndToEndTest.ownerOfEveryDemoTenant());
  private final Node singapore = cluster.node("sg-sin");
  private final Node jakarta = cluster.node("id-jkt");

  @Test
  void exportStream_clientPointedAtAnotherRegion_followsTheRedirectAndBothAuditsSayWhere() {
    StreamExportRequest request =
        StreamExportRequest.newBuilder().setTenantId("acme-id").setPreferredChunkBytes(16 * 1024).build();
    try (JagaClient client = issuer.client(singapore.region(), token)) {
      long records = exportAll(client, request);
      assertThat(records).isPositive();
      assertThat(client.placements().of("acme-id")).hasValueSatisfying(p -> {
        assertThat(p.homeRegion()).isEqualTo("id-jkt");
        assertThat(p.endpoint()).isEqualTo(jakarta.region().grpc().endpoint());
      });

      // Singapore answered with a redirect, once; Jakarta served the stream.
      List<AuditEvent> entry = events(singapore);
      assertThat(entry).singleElement().satisfies(e -> {
        assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_REDIRECT);
        assertThat(e.getStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(e.getReason()).isEqualTo("WRONG_REGION");
        assertThat(e.getRegion()).isEqualTo("sg-sin");
        assertThat(e.getScope()).startsWith("routed to id-jkt; classes=").contains("sensitive");
      });
      List<AuditEvent> home = events(jakarta);
      assertThat(home).isNotEmpty().allSatisfy(e -> {
        assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_LOCAL);
        assertThat(e.getDecision()).isEqualTo(Decision.DECISION_ALLOWED);
        assertThat(e.getRegion()).isEqualTo("id-jkt");
      });
      assertThat(home.get(home.size() - 1).getStatus()).isEqualTo("OK");

      // The placement is cached: the next export goes straight home, Singapore sees nothing.
      assertThat(exportAll(client, request)).isEqualTo(records);
      assertThat(events(singapore)).hasSize(1);
      assertThat(events(jakarta).size()).isGreaterThan(home.size());
      // And so do the client's other calls on the tenant.
      assertThat(client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId("acme-id").build()).getTenantId())
          .isEqualTo("acme-id");
    }
  }

  @Test
  void exportStream_throughARegionThatMayForward_isProxiedAndAuditedInBothRegions() {
    StreamExportRequest request = StreamExportRequest.newBuilder()
        .setTenantId("sinar-id")
        .setScope(Scope.newBuilder().addEntities("teams").addEntities("documents"))
        .setPreferredChunkBytes(16 * 1024)
        .build();
    try (JagaClient client = issuer.client(singapore.region(), token)) {
      assertThat(exportAll(client, request)).isPositive();
    }
    List<AuditEvent> entry = AuditTrail.of(issuer, token, singapore, "sinar-id", "person:" + user, STREAM_EXPORT);
    assertThat(entry).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_FORWARD);
      // A forwarding region's audit holds ids and classes, no values.
      assertThat(e.getScope()).isEqualTo("routed to id-jkt; classes=activity,content,personal");
    });
    assertThat(entry.get(entry.size() - 1).getStatus()).isEqualTo("OK");
    List<AuditEvent> home = AuditTrail.of(issuer, token, jakarta, "sinar-id", "person:" + user, STREAM_EXPORT);
    assertThat(home).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_LOCAL);
      assertThat(e.getPeer()).startsWith("forwarded by region sg-sin for ");
      assertThat(e.getScope()).startsWith("entities=teams,documents");
    });
    assertThat(home.get(home.size() - 1).getStatus()).isEqualTo("OK");
  }

  private static long exportAll(JagaClient client, StreamExportRequest request) {
    long records = 0;
    try (ExportStream stream = ExportStream.open(client, request, RetryPolicy.defaults())) {
      while (stream.hasNext()) {
        records += stream.next().getRecordCount();
      }
      assertThat(stream.isComplete()).isTrue();
    }
    return records;
  }

  private List<AuditEvent> events(Node node) {
    return AuditTrail.of(issuer, token, node, "acme-id", "person:" + user, STREAM_EXPORT);
  }
}
