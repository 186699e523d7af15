package dev.jaga.bench.node;

import dev.jaga.config.Access;
import dev.jaga.config.ConfigException;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.ScratchConfig;
import dev.jaga.server.grpc.NettyTransport;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one real node from the repository's own region-config, re-pointed at the bench's ports, a
 * throw-away data directory and the bench's issuer key, so a run never touches {@code var/dev} or a
 * running {@code ./jaga dev}. Runs inside the node's own process ({@link NodeProcess}).
 */
final class BenchNode {
  /**
   * Rates so high that the limiter admits every call the bench can make. The limiter itself still
   * runs on every call (its buckets are taken from as always); only its policy is lifted, since
   * the bench measures what the perimeter costs, not the 50 calls/s a dev principal is allowed.
   */
  static final Access.Rate UNLIMITED = new Access.Rate(10_000_000, 10_000_000);

  private BenchNode() {}

  /** The node of {@code regionId}, migrated and seeded ({@code rows} in each tenant's largest table). */
  static Node start(
      Path configDir, String regionId, int rows, Path dataRoot, Path issuerKeyFile, Map<String, Integer> ports) {
    RegionConfig config = configure(load(configDir), dataRoot, issuerKeyFile, ports);
    Region region = config.regions().require(regionId);
    return Node.start(config, region, NodeOptions.demo(rows), new NettyTransport(), Clock.systemUTC());
  }

  /** Every region on the port the bench chose for it (so peers find each other) and under {@code dataRoot}. */
  static RegionConfig configure(
      RegionConfig real, Path dataRoot, Path issuerKeyFile, Map<String, Integer> ports) {
    RegionConfig scratch = ScratchConfig.of(real, dataRoot, issuerKeyFile);
    Map<String, Region> regions = new LinkedHashMap<>();
    scratch.regions().byId().forEach((id, r) -> regions.put(id,
        ScratchConfig.region(r, dataRoot.resolve(id), ports.getOrDefault(id, r.grpc().listenPort()))));
    Access a = scratch.access();
    Access access = new Access(a.issuers(), a.freshAuthentication(), a.clockSkew(), a.roles(), a.services(),
        new Access.RateLimits(UNLIMITED, UNLIMITED, a.rateLimits().streamExportsPerTenant()), a.tls());
    return with(scratch, new Regions(scratch.regions().mode(), regions), access);
  }

  /**
   * The configuration with other regions and access, every other part copied as it is. Copied
   * component by component so that parts added to RegionConfig later (erasure, exports, ...) travel
   * along without the bench having to name them.
   */
  static RegionConfig with(RegionConfig c, Regions regions, Access access) {
    RecordComponent[] parts = RegionConfig.class.getRecordComponents();
    Class<?>[] types = new Class<?>[parts.length];
    Object[] values = new Object[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        values[i] = switch (parts[i].getName()) {
          case "regions" -> regions;
          case "access" -> access;
          default -> parts[i].getAccessor().invoke(c);
        };
      }
      return RegionConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not copy the region configuration", e);
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
