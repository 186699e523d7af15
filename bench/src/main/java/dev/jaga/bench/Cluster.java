package dev.jaga.bench;

import com.nimbusds.jose.jwk.ECKey;
import dev.jaga.bench.node.NodeHandle;
import dev.jaga.config.ConfigException;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ScratchConfig;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.auth.DevTokens;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The nodes of one bench run, each in its own JVM, on ports chosen up front so that peers find
 * each other, under one throw-away data directory and trusting one throw-away issuer key, which
 * the bench also signs its tokens with. Closing it stops every node and deletes the data.
 */
public final class Cluster implements AutoCloseable {
  /** How long seeding may take: a 4M-row tenant is minutes on 2 cores. */
  private static final Duration START_LIMIT = Duration.ofMinutes(30);

  private final Path config;
  private final Path dataRoot;
  private final Path issuerKeyFile;
  private final Path logs;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, NodeHandle> nodes = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // A 1M-row run leaves gigabytes under var/tmp: Ctrl-C, even during seeding, must not leave them.
  private final Thread onExit = new Thread(this::close, "bench-cluster-cleanup");

  private Cluster(Path config, Path logs) {
    this.config = config;
    this.logs = logs;
    this.dataRoot = ScratchConfig.newDataRoot("bench");
    this.issuerKeyFile = dataRoot.resolve("issuer-key.json");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** A cluster of the regions in {@code config}; no node runs until {@link #spawn}. */
  public static Cluster of(Path config, Path logs) throws Exception {
    RegionConfig real;
    try {
      real = RegionConfig.load(config);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    Files.createDirectories(logs);
    Cluster cluster = new Cluster(config, logs);
    DevIssuerKey.loadOrCreate(cluster.issuerKeyFile);
    real.regions().byId().keySet().forEach(id -> cluster.ports.put(id, ScratchConfig.freePort()));
    return cluster;
  }

  /** Starts the node of {@code region} with {@code rows} in each demo tenant's largest table. */
  public synchronized NodeHandle spawn(String region, int rows) {
    NodeHandle node = NodeHandle.spawn(region, rows, config, dataRoot, issuerKeyFile, ports,
        logs.resolve("node-" + region + ".log"));
    nodes.put(region, node);
    return node;
  }

  /** The running node of {@code region}, once it serves. */
  public NodeHandle node(String region) throws InterruptedException {
    NodeHandle node;
    synchronized (this) {
      node = nodes.get(region);
    }
    if (node == null) {
      throw new IllegalStateException("no node of " + region + " was started");
    }
    return node.ready() != null ? node : awaitReady(node);
  }

  private static NodeHandle awaitReady(NodeHandle node) throws InterruptedException {
    node.awaitReady(START_LIMIT);
    return node;
  }

  public synchronized boolean started(String region) {
    return nodes.containsKey(region);
  }

  /** The region's schema owner (the embedded superuser), whom row-level security does not restrict. */
  public DataSource owner(String region) throws InterruptedException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(node(region).ready().jdbcUrl());
    return ds;
  }

  /** A plaintext Netty channel to {@code endpoint}, one per endpoint for the whole run. */
  public synchronized ManagedChannel channel(String endpoint) {
    return channels.computeIfAbsent(endpoint, e -> NettyChannelBuilder.forTarget(e).usePlaintext().build());
  }

  /**
   * A token for {@code user} holding {@code role} on {@code tenantId}, freshly signed in: sensitive
   * columns (contacts.nik) need an authentication younger than ten minutes, a full run is longer.
   */
  public String token(String user, String tenantId, String role) {
    ECKey key = DevIssuerKey.loadOrCreate(issuerKeyFile);
    return DevTokens.mint(
        key,
        new DevTokens.Request(user, Map.of(tenantId, List.of(role)), Duration.ZERO, Duration.ofHours(1)),
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
    List<ManagedChannel> open;
    List<NodeHandle> running;
    synchronized (this) {
      open = List.copyOf(channels.values());
      running = List.copyOf(nodes.values());
    }
    for (ManagedChannel channel : open) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      running.forEach(NodeHandle::close);
    } finally {
      ScratchConfig.deleteRecursively(dataRoot);
    }
  }
}
