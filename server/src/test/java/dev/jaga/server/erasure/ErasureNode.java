package dev.jaga.server.erasure;

import dev.jaga.client.JagaClient;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.audit.AuditKey;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.demo.DemoSeeder;
import dev.jaga.server.demo.DemoTenants;
import dev.jaga.server.grpc.NettyTransport;
import dev.jaga.server.tenant.TenantRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One id-jkt node of its own (erasure and purge change data, so they must not share the cluster
 * other tests read), seeded with the demo tenants and two more that tests may purge.
 */
public final class ErasureNode {
  public static final String REGION = "id-jkt";

  private static ErasureNode shared;

  public final RegionConfig config;
  public final Node node;
  public final TestIssuer issuer;

  private ErasureNode(RegionConfig config, Node node, TestIssuer issuer) {
    this.config = config;
    this.node = node;
    this.issuer = issuer;
  }

  public static synchronized ErasureNode shared() {
    if (shared == null) {
      Path dataRoot = TestClusters.newDataRoot();
      RegionConfig config = TestClusters.isolatedConfig(dataRoot);
      Region region = config.regions().require(REGION);
      Node node = Node.start(config, region, NodeOptions.demo(TestClusters.DEMO_ROWS), new NettyTransport(),
          Clock.systemUTC());
      shared = new ErasureNode(config, node, TestClusters.issuer(dataRoot));
      ErasureNode started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.node.close();
        TestClusters.deleteRecursively(dataRoot);
      }));
    }
    return shared;
  }

  /** Seeds a demo-shaped tenant homed here, for tests that delete whole tenants. */
  public void seedTenant(String id, String displayName) {
    seedTenant(id, displayName, 60);
  }

  /** As {@link #seedTenant(String, String)}, with {@code rows} in the largest table. */
  public void seedTenant(String id, String displayName, int rows) {
    DemoTenants.DemoTenant acme = DemoTenants.homedIn(REGION).get(0);
    DemoTenants.DemoTenant tenant = new DemoTenants.DemoTenant(id, displayName, REGION, acme.people());
    new DemoSeeder(owner()).seed(tenant, rows);
    new TenantRepository(new TenantScope(ownerDsl()))
        .insertIfAbsent(id, displayName, REGION, Optional.empty(), OffsetDateTime.now(ZoneOffset.UTC));
  }

  public Region region() {
    return node.region();
  }

  public DataSource owner() {
    return node.database().ownerDataSource().orElseThrow();
  }

  /** The schema owner, whom row-level security does not restrict: the truth to check against. */
  public DSLContext ownerDsl() {
    return DSL.using(owner(), SQLDialect.POSTGRES);
  }

  /** The restricted runtime pool, as the node's services use it. */
  public DSLContext runtime() {
    return DSL.using(node.database().dataSource(), SQLDialect.POSTGRES);
  }

  /** A second writer of the region's audit chain, as another node of the region would have. */
  public AuditLog auditLog(Clock clock) {
    Path key = region().keyDir().toAbsolutePath().resolve("audit-ed25519.key");
    return new AuditLog(runtime(), clock, AuditKey.loadOrCreate(key), region());
  }

  public JagaClient client(String token) {
    return issuer.client(region(), token);
  }

  public String owner(String tenant) {
    return issuer.token("owner@" + tenant + ".test", tenant, "owner");
  }

  public String token(String tenant, String role, Duration authAge) {
    return issuer.token(role + "@" + tenant + ".test", Map.of(tenant, List.of(role)), authAge);
  }

  /** A clock standing still at {@code instant}. */
  public static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneId.of("UTC"));
  }
}
