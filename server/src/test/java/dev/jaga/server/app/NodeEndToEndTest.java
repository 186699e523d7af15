package dev.jaga.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.client.ErrorDetails;
import dev.jaga.db.Migrations;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeEndToEndTest {
  private final DevCluster cluster = TestClusters.shared();

  @Test
  void health_everyRegion_isServing() {
    for (Node node : cluster.nodes()) {
      ManagedChannel channel = TestClusters.channel(node.region());
      try {
        for (String service : List.of("", "jaga.v1.DirectoryService", "jaga.v1.ExportService")) {
          assertThat(
                  HealthGrpc.newBlockingStub(channel)
                      .check(HealthCheckRequest.newBuilder().setService(service).build())
                      .getStatus())
              .as("%s %s", node.region().id(), service)
              .isEqualTo(ServingStatus.SERVING);
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void reflection_listsTheV1Services() throws Exception {
    ManagedChannel channel = TestClusters.channel(cluster.node("id-jkt").region());
    try {
      CompletableFuture<List<String>> names = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> requests =
          ServerReflectionGrpc.newStub(channel)
              .serverReflectionInfo(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                      names.complete(
                          response.getListServicesResponse().getServiceList().stream()
                              .map(ServiceResponse::getName)
                              .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                      names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                  });
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      requests.onCompleted();
      assertThat(names.get(10, TimeUnit.SECONDS))
          .contains(
              "jaga.v1.DirectoryService",
              "jaga.v1.TenantService",
              "jaga.v1.ExportService",
              "jaga.v1.ErasureService",
              "jaga.v1.AuditService",
              "grpc.health.v1.Health");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void eachRegion_holdsOnlyItsOwnTenants() throws Exception {
    assertThat(tenantsIn(cluster.node("id-jkt"))).contains("acme-id", "sinar-id")
        .doesNotContain("merlion-sg", "fjord-eu");
    assertThat(tenantsIn(cluster.node("sg-sin"))).contains("merlion-sg")
        .doesNotContain("acme-id", "sinar-id", "fjord-eu");
    assertThat(appTenantsIn(cluster.node("eu-fra"))).containsExactly("fjord-eu");
    assertThat(appTenantsIn(cluster.node("id-jkt"))).containsExactly("acme-id", "sinar-id");
  }

  @Test
  void services_everyRegion_queryAsTheRuntimeRoleNotTheOwner() throws Exception {
    for (Node node : cluster.nodes()) {
      assertThat(node.dsl().fetchValue("select current_user"))
          .as(node.region().id())
          .isEqualTo(Migrations.RUNTIME_ROLE);
      // The pool's own sessions, as the server sees them: none of them is the owner's.
      assertThat(
              column(
                  node,
                  "select distinct usename from pg_stat_activity where backend_type = 'client backend'"
                      + " and pid <> pg_backend_pid() and usename is not null"))
          .as(node.region().id())
          .containsExactly(Migrations.RUNTIME_ROLE);
    }
  }

  @Test
  void writeClusterFile_listsEveryRegionWithItsEndpoints(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dev/cluster.json");
    cluster.writeClusterFile(file);

    JsonNode regions = new ObjectMapper().readTree(Files.readString(file)).path("regions");
    List<String> ids = new ArrayList<>();
    for (JsonNode region : regions) {
      ids.add(region.path("id").asText());
      Node node = cluster.node(region.path("id").asText());
      assertThat(region.path("grpc").asText()).isEqualTo(node.region().grpc().endpoint());
      assertThat(region.path("jdbc").asText()).startsWith("jdbc:postgresql://");
    }
    assertThat(ids).containsExactly("id-jkt", "sg-sin", "eu-fra");
  }

  static io.grpc.Metadata bearer(String token) {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return headers;
  }

  private static List<String> tenantsIn(Node node) throws Exception {
    return column(node, "select tenant_id from jaga.tenants order by 1");
  }

  private static List<String> appTenantsIn(Node node) throws Exception {
    return column(node, "select distinct tenant_id from app.users order by 1");
  }

  private static List<String> column(Node node, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
