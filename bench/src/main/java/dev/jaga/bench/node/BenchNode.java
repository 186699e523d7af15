package dev.jaga.bench;

import com.nimbusds.jose.jwk.ECKey;
import dev.jaga.config.ConfigException;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.ScratchConfig;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.auth.DevTokens;
import dev.jaga.server.grpc.NettyTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
    BenchNode bench = new BenchNode(ScratchConfig.newDataRoot("bench"));
    try {
      DevIssuerKey.loadOrCreate(bench.issuerKeyFile);
      RegionConfig config = ScratchConfig.of(load(configDir), bench.dataRoot, bench.issuerKeyFile);
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
      ScratchConfig.deleteRecursively(dataRoot);
    }
  }

  private static RegionConfig load(Path configDir) {
    try {
      return RegionConfig.load(configDir);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

}
