package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Routing;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.Access;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.auth.TestCertificates;
import dev.jaga.server.grpc.NettyTransport;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With TLS and a client CA (production), regions forward to each other over mutual TLS, and a
 * forwarded call must come with a certificate of the deployment's CA as well as the peer key's MAC:
 * a caller holding the key but no certificate is still not a peer node.
 */
class PeerMutualTlsTest {
  private static final String METHOD = ExportServiceGrpc.getStreamExportMethod().getFullMethodName();
  private static final StreamExportRequest TEAMS = StreamExportRequest.newBuilder()
      .setTenantId("sinar-id").setScope(Scope.newBuilder().addEntities("teams")).build();

  private static Path dataRoot;
  private static DevCluster cluster;
  private static TestCertificates certificates;
  private static TestIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    dataRoot = TestClusters.newDataRoot();
    certificates = new TestCertificates(dataRoot);
    Path[] node = certificates.issue("node", "CN=node.jaga.test", true);
    Access.Tls tls = new Access.Tls(node[0], node[1], Optional.of(certificates.caFile()));
    RegionConfig isolated = TestClusters.withRegions(TestClusters.isolatedConfig(dataRoot),
        r -> r.id().equals("eu-fra")
            ? new Region(r.id(), r.country(), r.groups(), false, r.grpc(), r.database(), r.archiveDir(), r.keyDir())
            : r);
    Access a = isolated.access();
    RegionConfig config = TestClusters.withAccess(isolated, new Access(a.issuers(), a.freshAuthentication(),
        a.clockSkew(), a.roles(), a.services(), a.rateLimits(), Optional.of(tls)));
    issuer = TestClusters.issuer(dataRoot);
    cluster = DevCluster.start(config, NodeOptions.demo(50), new NettyTransport(Optional.of(tls)), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    cluster.close();
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void forwardedExport_travelsBetweenRegionsOverMutualTls() throws Exception {
    String token = issuer.token("tls-forward@jaga.test", "sinar-id", "owner");
    ManagedChannel channel = tlsChannel(cluster.node("sg-sin"), null);
    try {
      long records = 0;
      var chunks = ExportServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token, null)).streamExport(TEAMS);
      while (chunks.hasNext()) {
        records += chunks.next().getRecords().getRecordCount();
      }
      assertThat(records).isPositive();
    } finally {
      channel.shutdownNow();
    }
    List<AuditEvent> home = events(cluster.node("id-jkt"), token, "person:tls-forward@jaga.test");
    assertThat(home.get(home.size() - 1).getPeer()).startsWith("forwarded by region sg-sin for ");
    List<AuditEvent> entry = events(cluster.node("sg-sin"), token, "person:tls-forward@jaga.test");
    assertThat(entry.get(entry.size() - 1).getRouting()).isEqualTo(Routing.ROUTING_FORWARD);
  }

  @Test
  void forwardingHeader_withThePeerKeyButNoCertificate_isRefused() throws Exception {
    String token = issuer.token("tls-stranger@jaga.test", "sinar-id", "owner");
    byte[] key = Base64.getDecoder().decode(Files.readString(dataRoot.resolve(PeerKey.FILE)).strip());
    String header = new ForwardingHeader(key).sign("sg-sin", METHOD, "Bearer " + token, "198.51.100.1:1", Instant.now());
    ManagedChannel channel = tlsChannel(cluster.node("id-jkt"), null);
    try {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
          ExportServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token, header)).streamExport(TEAMS).hasNext());
      assertThat(e).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    } finally {
      channel.shutdownNow();
    }
    // With a certificate of the deployment's CA and the key, the same header is a peer's.
    Path[] service = certificates.issue("peer", "CN=peer.jaga.test", false);
    ManagedChannel withCertificate = tlsChannel(cluster.node("id-jkt"), service);
    try {
      assertThat(ExportServiceGrpc.newBlockingStub(withCertificate).withInterceptors(bearer(token, header))
          .streamExport(TEAMS).hasNext()).isTrue();
    } finally {
      withCertificate.shutdownNow();
    }
  }

  private static List<AuditEvent> events(Node node, String token, String actor) throws Exception {
    ManagedChannel channel = tlsChannel(node, null);
    try {
      List<AuditEvent> out = new java.util.ArrayList<>();
      dev.jaga.api.v1.AuditServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token, null))
          .listAuditEvents(dev.jaga.api.v1.ListAuditEventsRequest.newBuilder()
              .setTenantId("sinar-id").setActor(actor).setMethod(METHOD).build())
          .forEachRemaining(out::add);
      return out;
    } finally {
      channel.shutdownNow();
    }
  }

  private static io.grpc.ClientInterceptor bearer(String token, String forwardingHeader) {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
    if (forwardingHeader != null) {
      headers.put(ForwardingHeader.KEY, forwardingHeader);
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static ManagedChannel tlsChannel(Node node, Path[] clientCertificate) throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(certificates.caFile().toFile());
    if (clientCertificate != null) {
      ssl.keyManager(clientCertificate[0].toFile(), clientCertificate[1].toFile());
    }
    return NettyChannelBuilder.forTarget(node.region().grpc().endpoint()).sslContext(ssl.build()).build();
  }
}
