package dev.jaga.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.InProcessTransport;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One region alone, over the in-process transport: its peers are configured but not running. */
class NodeRestartTest {
  private final Path dataRoot = TestClusters.newDataRoot();
  private final RegionConfig config = TestClusters.isolatedConfig(dataRoot);
  private final Region jakarta = config.regions().require("id-jkt");
  private final InProcessTransport transport = new InProcessTransport(UUID.randomUUID().toString());

  @AfterEach
  void cleanUp() {
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void start_secondTime_reusesTheDataWithoutReseeding() throws Exception {
    long firstCount;
    String firstDigest;
    try (Node node = start()) {
      firstCount = count(node);
      firstDigest = digest(node);
    }
    try (Node node = start()) {
      assertThat(count(node)).isEqualTo(firstCount).isPositive();
      assertThat(digest(node)).isEqualTo(firstDigest);
    }
  }

  @Test
  void resolveTenant_peerRegionsDown_isUnavailableNotNotFound() {
    try (Node node = start()) {
      ManagedChannel channel = transport.channelBuilder(jakarta.grpc().endpoint()).build();
      io.grpc.Metadata auth =
          NodeEndToEndTest.bearer(
              TestClusters.issuer(dataRoot)
                  .token(
                      "ops@jaga.test",
                      java.util.Map.of(
                          "merlion-sg", java.util.List.of("analyst"),
                          "acme-id", java.util.List.of("analyst"))));
      try {
        StatusRuntimeException e =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    DirectoryServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                        .resolveTenant(
                            ResolveTenantRequest.newBuilder().setTenantId("merlion-sg").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ErrorDetails.of(e).reason()).isEqualTo("REGION_UNAVAILABLE");
        assertThat(ErrorDetails.of(e).message()).contains("sg-sin", "eu-fra");

        assertThat(
                DirectoryServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                    .resolveTenant(ResolveTenantRequest.newBuilder().setTenantId("acme-id").build())
                    .getHomeRegion()
                    .getId())
            .isEqualTo("id-jkt");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private Node start() {
    return Node.start(
        config, jakarta, NodeOptions.demo(TestClusters.DEMO_ROWS), transport, Clock.systemUTC());
  }

  private static long count(Node node) throws Exception {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        ResultSet rs = c.createStatement().executeQuery("select count(*) from app.contacts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String digest(Node node) throws Exception {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select md5(string_agg(t::text, ',' order by t::text)) from app.contacts t")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
