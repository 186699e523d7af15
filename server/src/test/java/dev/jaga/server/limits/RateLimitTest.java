package dev.jaga.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.config.Access;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.grpc.InProcessTransport;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One region with a small per-tenant limit: a noisy tenant is throttled, its neighbour is not. */
class RateLimitTest {
  private static final int TENANT_BURST = 5;

  private static Path dataRoot;
  private static Node node;
  private static InProcessTransport transport;
  private static TestIssuer issuer;

  @BeforeAll
  static void start() {
    dataRoot = TestClusters.newDataRoot();
    RegionConfig isolated = TestClusters.isolatedConfig(dataRoot);
    Access a = isolated.access();
    RegionConfig config =
        TestClusters.withAccess(
            isolated,
            new Access(a.issuers(), a.freshAuthentication(), a.clockSkew(), a.roles(), a.services(),
                new Access.RateLimits(new Access.Rate(1000, 1000), new Access.Rate(1, TENANT_BURST), 2),
                a.tls()));
    Region jakarta = config.regions().require("id-jkt");
    transport = new InProcessTransport(UUID.randomUUID().toString());
    issuer = TestClusters.issuer(dataRoot);
    node = Node.start(config, jakarta, NodeOptions.demo(TestClusters.DEMO_ROWS), transport, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    node.close();
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void burstOverOneTenantsLimit_isExhaustedWithRetryInfo_whileAnotherTenantIsServed() throws Exception {
    List<Status.Code> noisy = new ArrayList<>();
    StatusRuntimeException refused = null;
    for (int i = 0; i < 4 * TENANT_BURST; i++) {
      try {
        getTenant("acme-id", issuer.token("budi@acme.test", "acme-id", "owner"));
        noisy.add(Status.Code.OK);
      } catch (StatusRuntimeException e) {
        noisy.add(e.getStatus().getCode());
        refused = e;
      }
    }
    List<Status.Code> quiet = new ArrayList<>();
    for (int i = 0; i < TENANT_BURST - 1; i++) {
      getTenant("sinar-id", issuer.token("hendra@sinar.test", "sinar-id", "owner"));
      quiet.add(Status.Code.OK);
    }

    assertThat(noisy).contains(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(noisy.stream().filter(c -> c == Status.Code.OK).count()).isLessThanOrEqualTo(TENANT_BURST + 1);
    assertThat(quiet).hasSize(TENANT_BURST - 1).containsOnly(Status.Code.OK);
    assertThat(retryDelayMillis(refused)).isPositive();
  }

  @Test
  void outsidersFlood_doesNotSpendTheTenantsBudget() {
    String outsider = issuer.token("weiling@merlion.test", "merlion-sg", "owner");
    for (int i = 0; i < 4 * TENANT_BURST; i++) {
      try {
        getTenant("sinar-id", outsider);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      }
    }
    getTenant("sinar-id", issuer.token("hendra@sinar.test", "sinar-id", "owner"));
  }

  private static long retryDelayMillis(StatusRuntimeException e) throws InvalidProtocolBufferException {
    for (com.google.protobuf.Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
        return d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
      }
    }
    return -1;
  }

  private static void getTenant(String tenant, String token) {
    ManagedChannel channel = transport.channelBuilder(node.region().grpc().endpoint()).build();
    try {
      Metadata headers = new Metadata();
      headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
      TenantServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .getTenant(GetTenantRequest.newBuilder().setTenantId(tenant).build());
    } finally {
      channel.shutdownNow();
    }
  }
}
