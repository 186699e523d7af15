package dev.jaga.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.config.Access;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.grpc.NettyTransport;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node with TLS and a client CA: services known by certificate get in, strangers do not. */
class MutualTlsTest {
  private static Path dataRoot;
  private static Node node;
  private static TestCertificates certificates;

  @BeforeAll
  static void start() throws Exception {
    dataRoot = TestClusters.newDataRoot();
    certificates = new TestCertificates(dataRoot);
    Path[] server = certificates.issue("node", "CN=id-jkt.jaga.test", true);
    RegionConfig isolated = TestClusters.isolatedConfig(dataRoot);
    Access a = isolated.access();
    Access.Tls tls = new Access.Tls(server[0], server[1], Optional.of(certificates.caFile()));
    RegionConfig config =
        TestClusters.withAccess(
            isolated,
            new Access(a.issuers(), a.freshAuthentication(), a.clockSkew(), a.roles(),
                Map.of("crm", new Access.ServiceIdentity(
                    "CN=crm-backend,O=PT Acme Indonesia", "crm", Map.of("acme-id", Set.of("analyst")))),
                a.rateLimits(), Optional.of(tls)));
    node = Node.start(config, config.regions().require("id-jkt"), NodeOptions.demo(TestClusters.DEMO_ROWS),
        new NettyTransport(Optional.of(tls)), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    node.close();
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void knownServiceCertificate_isAuthenticatedWithItsOwnRoles() throws Exception {
    Path[] crm = certificates.issue("crm", "CN=crm-backend,O=PT Acme Indonesia", false);
    assertThat(getTenant(client(crm), "acme-id")).isEqualTo("acme-id");
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> getTenant(client(crm), "sinar-id"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void unknownCertificateOrNone_isUnauthenticated() throws Exception {
    Path[] stranger = certificates.issue("stranger", "CN=intruder,O=Elsewhere", false);
    for (SslContextBuilder ssl : new SslContextBuilder[] {client(stranger), client(null)}) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> getTenant(ssl, "acme-id"));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  private static SslContextBuilder client(Path[] certificate) throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(certificates.caFile().toFile());
    if (certificate != null) {
      ssl.keyManager(certificate[0].toFile(), certificate[1].toFile());
    }
    return ssl;
  }

  private static String getTenant(SslContextBuilder ssl, String tenant) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(node.region().grpc().endpoint()).sslContext(ssl.build()).build();
    try {
      return TenantServiceGrpc.newBlockingStub(channel)
          .getTenant(GetTenantRequest.newBuilder().setTenantId(tenant).build())
          .getTenantId();
    } finally {
      channel.shutdownNow();
    }
  }
}
