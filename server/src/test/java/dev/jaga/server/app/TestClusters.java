package dev.jaga.server.app;

import dev.jaga.config.Access;
import dev.jaga.config.ConfigException;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.GrpcSettings;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.grpc.NettyTransport;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The real configuration of the repository, re-pointed at free loopback ports and throw-away data
 * directories, and one shared three-region cluster built from it for end-to-end tests.
 */
public final class TestClusters {
  public static final int DEMO_ROWS = 200;

  private static DevCluster shared;
  private static TestIssuer sharedIssuer;
  private static Path sharedDataRoot;

  private TestClusters() {}

  public static Path root() {
    return Path.of(System.getProperty("jaga.root", "..")).toAbsolutePath().normalize();
  }

  /** The repository's region-config/, as the product ships it. */
  public static RegionConfig realConfig() {
    try {
      return RegionConfig.load(root().resolve("region-config"));
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The real config with every region on a free port, its data under {@code dataRoot}, and the
   * dev issuer's key replaced by a test issuer key kept there too (see {@link #issuer(Path)}).
   */
  public static RegionConfig isolatedConfig(Path dataRoot) {
    RegionConfig real = realConfig();
    Access access = real.access();
    Map<String, Access.Issuer> issuers = new LinkedHashMap<>();
    access.issuers().forEach((iss, issuer) -> issuers.put(iss, new Access.Issuer(
        issuer.issuer(), issuer.audience(), issuer.algorithm(), issuerKeyFile(dataRoot))));
    issuer(dataRoot);
    RegionConfig config = new RegionConfig(real.dir(), real.regions(), real.residency(), real.catalog(),
        new Access(issuers, access.freshAuthentication(), access.clockSkew(), access.roles(),
            access.services(), access.rateLimits(), access.tls()));
    return withRegions(config, r -> isolated(r, dataRoot.resolve(r.id()), freePort()));
  }

  /** The issuer whose tokens the nodes of an isolated config under {@code dataRoot} trust. */
  public static TestIssuer issuer(Path dataRoot) {
    return new TestIssuer(DevIssuerKey.loadOrCreate(issuerKeyFile(dataRoot)));
  }

  private static Path issuerKeyFile(Path dataRoot) {
    return dataRoot.resolve("issuer-key.json");
  }

  public static RegionConfig withRegions(RegionConfig config, UnaryOperator<Region> change) {
    Map<String, Region> regions = new LinkedHashMap<>();
    config.regions().byId().forEach((id, r) -> regions.put(id, change.apply(r)));
    return withAccess(new RegionConfig(
        config.dir(),
        new Regions(config.regions().mode(), regions),
        config.residency(),
        config.catalog(),
        config.access()), config.access());
  }

  public static RegionConfig withAccess(RegionConfig config, Access access) {
    return new RegionConfig(config.dir(), config.regions(), config.residency(), config.catalog(), access);
  }

  public static Region isolated(Region r, Path dir, int port) {
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

  /** One cluster for the whole test JVM: starting three PostgreSQL servers is the slow part. */
  public static synchronized DevCluster shared() {
    if (shared == null) {
      Path dataRoot = newDataRoot();
      sharedIssuer = issuer(dataRoot);
      sharedDataRoot = dataRoot;
      shared =
          DevCluster.start(
              isolatedConfig(dataRoot),
              NodeOptions.demo(DEMO_ROWS),
              new NettyTransport(),
              Clock.systemUTC());
      DevCluster cluster = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    cluster.close();
                    deleteRecursively(dataRoot);
                  }));
    }
    return shared;
  }

  /** The issuer the shared cluster trusts. */
  public static synchronized TestIssuer sharedIssuer() {
    shared();
    return sharedIssuer;
  }

  /** The key file behind {@link #sharedIssuer()}, for `jaga token --key`. */
  public static synchronized Path sharedIssuerKeyFile() {
    shared();
    return issuerKeyFile(sharedDataRoot);
  }

  public static ManagedChannel channel(Region region) {
    return NettyChannelBuilder.forTarget(region.grpc().endpoint()).usePlaintext().build();
  }

  public static Path newDataRoot() {
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(tmp);
      return Files.createDirectories(tmp.resolve("cluster-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path dir) {
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
