package dev.jaga.server.exportjob;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.client.JagaClient;
import dev.jaga.config.Access;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.ExportSettings;
import dev.jaga.config.GrpcSettings;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClock;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.auth.DevTokens;
import dev.jaga.server.grpc.NettyTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Nodes of one region (id-jkt) for export tests: the first owns an embedded PostgreSQL seeded
 * with the demo tenants, more nodes share that database and archive store as a region's nodes do.
 * They all run on one {@link TestClock}, with the real archive producer behind a wrapper each test
 * may give (to hold a job half-way or fail it).
 */
final class ExportNodes implements AutoCloseable {
  static final String TENANT = "acme-id";
  static final String DISPLAY_NAME = "PT Acme Indonesia";
  static final String OWNER = "budi.santoso@acme.co.id";
  static final String ADMIN = "siti.rahayu@acme.co.id";

  /** Manual polling (tests drive the workers), quick staleness, small limits. */
  static final ExportSettings SETTINGS = new ExportSettings(
      new ExportSettings.Approval(true, 1_000_000, 1L << 40, Set.of("agency")),
      new ExportSettings.Quotas(50, 50, 1),
      new ExportSettings.Download(Duration.ofMinutes(5), 1),
      Duration.ofHours(1),
      new ExportSettings.Job(Duration.ofMillis(200), Duration.ofSeconds(3), 2, Duration.ofHours(1)));

  final Path dataRoot;
  final RegionConfig config;
  final Region jakarta;
  final TestClock clock;
  final TestIssuer issuer;
  private final List<Node> nodes = new ArrayList<>();
  private final List<JagaClient> clients = new ArrayList<>();

  ExportNodes(ExportSettings settings) {
    this(settings, TestClusters.newDataRoot());
  }

  /** The nodes of a test whose data (and issuer key) are under {@code dataRoot}, from another JVM too. */
  ExportNodes(ExportSettings settings, Path dataRoot) {
    this.dataRoot = dataRoot;
    this.clock = new TestClock(Instant.now());
    RegionConfig isolated = TestClusters.isolatedConfig(dataRoot).withExports(settings);
    // Rate limits have their own tests; these drive many calls as one person (100 at once in one).
    Access a = isolated.access();
    this.config = TestClusters.withAccess(isolated, new Access(a.issuers(), a.freshAuthentication(), a.clockSkew(),
        a.roles(), a.services(), new Access.RateLimits(new Access.Rate(1_000, 2_000), new Access.Rate(2_000, 4_000),
            a.rateLimits().streamExportsPerTenant()), a.tls()));
    this.jakarta = config.regions().require("id-jkt");
    this.issuer = TestClusters.issuer(dataRoot);
  }

  /** The node that owns the region's database (seeded with the demo tenants). */
  Node first(UnaryOperator<ArchiveProducer> producer) {
    return add(Node.start(config, jakarta, NodeOptions.demo(TestClusters.DEMO_ROWS), new NettyTransport(), clock,
        graph(producer)));
  }

  /** Another node of the same region, on the first node's database and archive store. */
  Node another(Node first, UnaryOperator<ArchiveProducer> producer) {
    return another(first.jdbcUrl(), producer);
  }

  /** As {@link #another(Node, UnaryOperator)}, given the first node's JDBC URL. */
  Node another(String firstJdbcUrl, UnaryOperator<ArchiveProducer> producer) {
    int port = TestClusters.freePort();
    String url = firstJdbcUrl.replace("user=postgres", "user=jaga_runtime");
    // The embedded cluster trusts local logins: any set variable serves as the "password".
    Region region = new Region(jakarta.id(), jakarta.country(), jakarta.groups(), true,
        new GrpcSettings("127.0.0.1", port, "127.0.0.1:" + port),
        new DatabaseSettings.Jdbc(url, "jaga_runtime", "PATH"), jakarta.archiveDir(), jakarta.keyDir());
    return add(Node.start(config, region, NodeOptions.production(), new NettyTransport(), clock, graph(producer)));
  }

  /** Stops a node the test is done with (or kills mid-job: its jobs are abandoned, not finished). */
  void stop(Node node) {
    nodes.remove(node);
    node.close();
  }

  private Node.Graph graph(UnaryOperator<ArchiveProducer> wrap) {
    return (cfg, region, db, transport, clk) -> DaggerTestNodeComponent.builder()
        .config(cfg).region(region).database(db).transport(transport).clock(clk)
        .wrapProducer(wrap)
        .build();
  }

  private Node add(Node node) {
    nodes.add(node);
    return node;
  }

  /**
   * A token of {@code user} holding {@code role} on acme-id. Signature times are checked against
   * the system clock, so tokens are minted on it; freshness is judged on the nodes' clock, so a
   * test that moves that clock far ages its tokens' sign-in with it.
   */
  String token(String user, String role) {
    return token(user, Map.of(TENANT, List.of(role)), Duration.ZERO);
  }

  String token(String user, Map<String, List<String>> roles, Duration authAge) {
    return DevTokens.mint(issuer.key(), new DevTokens.Request(user, roles, authAge, Duration.ofHours(2)), java.time.Clock.systemUTC());
  }

  ExportServiceGrpc.ExportServiceBlockingStub exports(Node node, String token) {
    JagaClient client = JagaClient.over(TestClusters.channel(node.region()), Optional.of(token));
    clients.add(client);
    return client.exports();
  }

  ExportServiceGrpc.ExportServiceBlockingStub exports(String endpoint, String token) {
    JagaClient client = JagaClient.connect(endpoint, Optional.of(token));
    clients.add(client);
    return client.exports();
  }

  JagaClient client(Node node, String token) {
    JagaClient client = JagaClient.over(TestClusters.channel(node.region()), Optional.of(token));
    clients.add(client);
    return client;
  }

  static CreateExportRequest wholeTenant(String requestId) {
    return CreateExportRequest.newBuilder()
        .setTenantId(TENANT)
        .setRequestId(requestId)
        .setConfirmDisplayName(DISPLAY_NAME)
        .setPurpose("test")
        .build();
  }

  /** Entities holding no class that needs approval, so the export is QUEUED at once. */
  static CreateExportRequest plain(String requestId) {
    return CreateExportRequest.newBuilder()
        .setTenantId(TENANT)
        .setRequestId(requestId)
        .setScope(Scope.newBuilder().addEntities("teams").addEntities("team_memberships").addEntities("documents").addEntities("comments"))
        .setConfirmDisplayName(DISPLAY_NAME)
        .build();
  }

  static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  /** Waits (without asserting any duration) until the export reaches {@code state}. */
  static Export await(ExportServiceGrpc.ExportServiceBlockingStub stub, String exportId, ExportState state)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Export e;
    do {
      e = stub.getExport(GetExportRequest.newBuilder().setTenantId(TENANT).setExportId(exportId).build());
      if (e.getState() == state) {
        return e;
      }
      // Slow enough to stay inside the caller's rate limit, which other calls of the test share.
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("export " + exportId + " stayed " + e.getState() + ", expected " + state
        + (e.getFailureReason().isEmpty() ? "" : " (" + e.getFailureReason() + ")"));
  }

  @Override
  public void close() {
    clients.forEach(JagaClient::close);
    // Later nodes first: the first one owns the database the others use.
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).close();
      } catch (RuntimeException e) {
        // already closed by the test (a killed node)
      }
    }
    TestClusters.deleteRecursively(dataRoot);
  }
}
