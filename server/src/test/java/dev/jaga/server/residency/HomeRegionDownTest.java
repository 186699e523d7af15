package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportStream;
import dev.jaga.client.export.RetryPolicy;
import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.grpc.NettyTransport;
import dev.jaga.server.residency.TrafficMeter.Direction;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Done-when: a home region that is down gives a clear UNAVAILABLE (REGION_UNAVAILABLE) from the
 * other regions, never a fallback to serving the data elsewhere. Its own two-region cluster, since
 * it stops a node.
 */
class HomeRegionDownTest {
  private static Path dataRoot;
  private static DevCluster cluster;
  private static TestIssuer issuer;
  private static final java.util.Set<String> STOPPED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    dataRoot = TestClusters.newDataRoot();
    RegionConfig config = TestClusters.withRegions(TestClusters.isolatedConfig(dataRoot),
        r -> r.id().equals("eu-fra")
            ? new Region(r.id(), r.country(), r.groups(), false, r.grpc(), r.database(), r.archiveDir(), r.keyDir())
            : r);
    issuer = TestClusters.issuer(dataRoot);
    cluster = DevCluster.start(config, NodeOptions.demo(50), new NettyTransport(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    cluster.nodes().stream().filter(n -> !STOPPED.contains(n.region().id())).forEach(Node::close);
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void homeRegionDown_otherRegionAnswersRegionUnavailable_andServesNothing() {
    Node singapore = cluster.node("sg-sin");
    Node jakarta = cluster.node("id-jkt");
    String token = issuer.token("down@jaga.test",
        Map.of("sinar-id", List.of("owner"), "acme-id", List.of("owner")));
    StreamExportRequest forwardable = StreamExportRequest.newBuilder()
        .setTenantId("sinar-id").setScope(Scope.newBuilder().addEntities("teams")).build();
    // While Jakarta is up, Singapore forwards (and learns where sinar-id lives).
    assertThat(export(singapore, token, forwardable)).isPositive();
    long before = singapore.traffic().bytes(Direction.SENT, "sinar-id", DataClass.CONTENT);

    STOPPED.add("id-jkt");
    jakarta.close();

    // Several times: the first calls fail on the connection, later ones on the open breaker.
    for (int i = 0; i < 6; i++) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> export(singapore, token, forwardable));
      assertThat(e).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("REGION_UNAVAILABLE");
      assertThat(ErrorDetails.of(e).message()).contains("id-jkt").contains("sinar-id");
    }
    // A tenant Singapore has not looked up yet: the directory cannot ask Jakarta either.
    try (JagaClient client = issuer.client(singapore.region(), token)) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
          TenantServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
              .getTenant(GetTenantRequest.newBuilder().setTenantId("acme-id").build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("REGION_UNAVAILABLE");
    }
    // The client library does not find a way around it either.
    try (JagaClient client = issuer.client(singapore.region(), token);
        ExportStream stream = ExportStream.open(client, forwardable, RetryPolicy.none())) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, stream::hasNext);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    assertThat(singapore.traffic().bytes(Direction.SENT, "sinar-id", DataClass.CONTENT)).isEqualTo(before);
  }

  /** The records a raw (non-routing) call to {@code entry} receives. */
  private static long export(Node entry, String token, StreamExportRequest request) {
    try (JagaClient client = issuer.client(entry.region(), token)) {
      var chunks = ExportServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .streamExport(request);
      long n = 0;
      while (chunks.hasNext()) {
        n += chunks.next().getRecords().getRecordCount();
      }
      return n;
    }
  }
}
