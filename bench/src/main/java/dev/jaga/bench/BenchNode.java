package dev.jaga.bench;

import com.nimbusds.jose.jwk.ECKey;
import dev.jaga.config.Access;
import dev.jaga.config.ConfigException;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.GrpcSettings;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.auth.DevTokens;
import dev.jaga.server.grpc.NettyTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One real node of region id-jkt, started from the repository's own region-config but on a free
 * loopback port, a throw-away data directory and a throw-away issuer key, so a bench run never
 * touches {@code var/dev} or a running {@code ./jaga dev}.
 */
final class BenchNode implements AutoCloseable {
  static final String REGION = "id-jkt";

  private final Path dataRoot;
  private final Path issuerKeyFile;
  private final AtomicBoolean closed = new AtomicBoolean();
  // A 1M-row run leaves gigabytes under var/tmp: Ctrl-C, even during seeding, must not leave them.
  private final Thread onExit = new Thread(this::close, "bench-node-cleanup");
  private volatile Node node;

  private BenchNode(Path dataRoot) {
    this.dataRoot = dataRoot;
    this.issuerKeyFile = dataRoot.resolve("issuer-key.json");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Starts, migrates and seeds the node ({@code rows} in the largest demo table per tenant). */
  static BenchNode start(Path configDir, int rows) {
    BenchNode bench = new BenchNode(newDataRoot());
    try {
      DevIssuerKey.loadOrCreate(bench.issuerKeyFile);
      RegionConfig config = isolated(load(configDir), bench.dataRoot, bench.issuerKeyFile);
      Region region = config.regions().find(REGION).orElseThrow();
      bench.node =
          Node.start(config, region, NodeOptions.demo(rows), new NettyTransport(), Clock.systemUTC());
      return bench;
    } catch (RuntimeException e) {
      bench.close();
      throw e;
    }
  }

  String endpoint() {
    return node.region().grpc().endpoint();
  }

  /** The schema owner, whom row-level security does not restrict: what the COPY baseline reads as. */
  DataSource owner() {
    return node.database().ownerDataSource().orElseThrow();
  }

  /**
   * A freshly minted owner token: minted per call because sensitive columns (contacts.nik) need an
   * authentication younger than ten minutes, and a full run takes longer than that.
   */
  String ownerToken(String user, String tenantId) {
    ECKey key = DevIssuerKey.loadOrCreate(issuerKeyFile);
    return DevTokens.mint(
        key,
        new DevTokens.Request(user, Map.of(tenantId, List.of("owner")), Duration.ZERO, Duration.ofHours(1)),
        Clock.systemUTC());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != onExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to; closing twice is already prevented.
      }
    }
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      deleteRecursively(dataRoot);
    }
  }

  private static RegionConfig load(Path configDir) {
    try {
      return RegionConfig.load(configDir);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Every region on a free port and under {@code dataRoot}; every issuer trusts our key only. */
  private static RegionConfig isolated(RegionConfig real, Path dataRoot, Path issuerKeyFile) {
    Access a = real.access();
    Map<String, Access.Issuer> issuers = new LinkedHashMap<>();
    a.issuers().forEach((iss, i) ->
        issuers.put(iss, new Access.Issuer(i.issuer(), i.audience(), i.algorithm(), issuerKeyFile)));
    Access access = new Access(
        issuers, a.freshAuthentication(), a.clockSkew(), a.roles(), a.services(), a.rateLimits(), a.tls());
    Map<String, Region> regions = new LinkedHashMap<>();
    real.regions().byId().forEach((id, r) -> regions.put(id, isolated(r, dataRoot.resolve(id))));
    return new RegionConfig(
        real.dir(), new Regions(real.regions().mode(), regions), real.residency(), real.catalog(), access);
  }

  private static Region isolated(Region r, Path dir) {
    int port = freePort();
    return new Region(
        r.id(),
        r.country(),
        r.groups(),
        r.active(),
        new GrpcSettings("127.0.0.1", port, "127.0.0.1:" + port),
        new DatabaseSettings.Embedded(dir.resolve("pg")),
        dir.resolve("archives"),
        dir.resolve("keys"));
  }

  private static Path newDataRoot() {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      return Files.createDirectories(tmp.resolve("bench-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
