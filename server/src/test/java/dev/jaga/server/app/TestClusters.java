package dev.jaga.server.app;

import dev.jaga.config.Access;
import dev.jaga.config.ConfigException;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.grpc.NettyTransport;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    issuer(dataRoot);
    return ScratchConfig.of(realConfig(), dataRoot, issuerKeyFile(dataRoot));
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
        config.access(),
        config.erasure(),
        config.exports()), config.access());
  }

  public static RegionConfig withAccess(RegionConfig config, Access access) {
    return new RegionConfig(
        config.dir(), config.regions(), config.residency(), config.catalog(), access, config.erasure(),
        config.exports());
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
    return ScratchConfig.newDataRoot("cluster");
  }

  public static int freePort() {
    return ScratchConfig.freePort();
  }

  public static void deleteRecursively(Path dir) {
    ScratchConfig.deleteRecursively(dir);
  }
}
