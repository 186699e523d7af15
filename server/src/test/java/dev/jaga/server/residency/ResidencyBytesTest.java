package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportStream;
import dev.jaga.client.export.RetryPolicy;
import dev.jaga.config.DataClass;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.residency.TrafficMeter.Direction;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Done-when: zero bytes of a home-only class pass through a node outside the tenant's home region,
 * measured by what each node counts it sent and received per tenant and class.
 */
class ResidencyBytesTest {
  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final IndependentResidency yaml = new IndependentResidency();
  private final String token =
      issuer.token("bytes-" + UUID.randomUUID() + "@jaga.test", RoutingEndToEndTest.ownerOfEveryDemoTenant());

  @Test
  void wholeTenantExport_enteringOutsideHome_passesNoByteOfTheTenantThroughTheEntry() {
    Node singapore = cluster.node("sg-sin");
    Node jakarta = cluster.node("id-jkt");
    Set<DataClass> homeOnly = homeOnly("acme-id", "id-jkt");
    assertThat(homeOnly).contains(DataClass.SENSITIVE, DataClass.TELEMETRY);
    Map<DataClass, Long> entryBefore = counts(singapore, "acme-id", Direction.SENT);
    Map<DataClass, Long> entryReceivedBefore = counts(singapore, "acme-id", Direction.RECEIVED_FROM_PEER);
    Map<DataClass, Long> homeBefore = counts(jakarta, "acme-id", Direction.SENT);

    long received = 0;
    try (JagaClient client = issuer.client(singapore.region(), token);
        ExportStream stream = ExportStream.open(client, wholeTenant("acme-id"), RetryPolicy.none())) {
      while (stream.hasNext()) {
        received += stream.next().getJsonl().size();
      }
      assertThat(stream.isComplete()).isTrue();
    }

    assertThat(received).isPositive();
    assertThat(delta(counts(singapore, "acme-id", Direction.SENT), entryBefore)).allSatisfy((c, n) -> assertThat(n).as("%s", c).isZero());
    assertThat(delta(counts(singapore, "acme-id", Direction.RECEIVED_FROM_PEER), entryReceivedBefore))
        .allSatisfy((c, n) -> assertThat(n).as("%s", c).isZero());
    // The home region did send those classes: the meter sees them where they may flow.
    Map<DataClass, Long> home = delta(counts(jakarta, "acme-id", Direction.SENT), homeBefore);
    for (DataClass c : homeOnly) {
      if (c != DataClass.SECRET) {
        assertThat(home.get(c)).as("%s sent by the home region", c).isGreaterThan(received / 100);
      }
    }
    assertThat(home.get(DataClass.SECRET)).isZero();
  }

  @Test
  void forwardedExport_countsWhatPassedThroughTheEntry_andNoHomeOnlyClass() {
    Node singapore = cluster.node("sg-sin");
    Node jakarta = cluster.node("id-jkt");
    Set<DataClass> homeOnly = homeOnly("sinar-id", "id-jkt");
    assertThat(homeOnly).contains(DataClass.SENSITIVE, DataClass.SECRET);
    StreamExportRequest request = StreamExportRequest.newBuilder()
        .setTenantId("sinar-id")
        .setScope(Scope.newBuilder().addEntities("documents").addEntities("comments"))
        .setPreferredChunkBytes(16 * 1024)
        .build();
    assertThat(yaml.decision("sinar-id", "id-jkt", "sg-sin", yaml.exportedClasses("sinar-id", List.of("documents", "comments"))))
        .isEqualTo("FORWARD");
    Map<DataClass, Long> entryBefore = counts(singapore, "sinar-id", Direction.RECEIVED_FROM_PEER);
    Map<DataClass, Long> homeBefore = counts(jakarta, "sinar-id", Direction.SENT);

    long bytes = 0;
    try (JagaClient client = issuer.client(singapore.region(), token)) {
      var chunks = ExportServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .streamExport(request);
      while (chunks.hasNext()) {
        ExportChunk chunk = chunks.next();
        if (chunk.hasRecords()) {
          bytes += chunk.getSerializedSize();
        }
      }
    }

    Map<DataClass, Long> passed = delta(counts(singapore, "sinar-id", Direction.RECEIVED_FROM_PEER), entryBefore);
    assertThat(bytes).isPositive();
    // Every record chunk of documents and comments holds content: all of it passed through Singapore.
    assertThat(passed.get(DataClass.CONTENT)).isEqualTo(bytes);
    assertThat(delta(counts(jakarta, "sinar-id", Direction.SENT), homeBefore).get(DataClass.CONTENT)).isEqualTo(bytes);
    for (DataClass c : homeOnly) {
      assertThat(passed.get(c)).as("%s through sg-sin", c).isZero();
    }
  }

  /** Classes whose raw data only the home region may hold, read independently from the YAML. */
  private Set<DataClass> homeOnly(String tenant, String home) {
    Set<DataClass> out = java.util.EnumSet.noneOf(DataClass.class);
    for (DataClass c : DataClass.values()) {
      if (yaml.allowedRegions(tenant, home, c.name().toLowerCase(Locale.ROOT)).equals(Set.of(home))) {
        out.add(c);
      }
    }
    return out;
  }

  private static StreamExportRequest wholeTenant(String tenant) {
    return StreamExportRequest.newBuilder().setTenantId(tenant).setPreferredChunkBytes(16 * 1024).build();
  }

  private static Map<DataClass, Long> counts(Node node, String tenant, Direction direction) {
    Map<DataClass, Long> out = new EnumMap<>(DataClass.class);
    for (DataClass c : DataClass.values()) {
      out.put(c, node.traffic().bytes(direction, tenant, c));
    }
    return out;
  }

  private static Map<DataClass, Long> delta(Map<DataClass, Long> after, Map<DataClass, Long> before) {
    Map<DataClass, Long> out = new EnumMap<>(DataClass.class);
    after.forEach((c, n) -> out.put(c, n - before.get(c)));
    return out;
  }
}
