package dev.jaga.server.app;

import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.grpc.NettyTransport;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jaga node --region ID}: one node of one region, as production runs it. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run one node of one region (the production shape: one process per node).")
final class NodeCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--region", required = true, paramLabel = "ID", description = "Region to serve.")
  String regionId;

  @Option(
      names = "--demo-rows",
      paramLabel = "N",
      description = "Dev configurations only: seed the demo tenants with N rows on first start.")
  Integer demoRows;

  @Override
  public Integer call() throws InterruptedException {
    RegionConfig cfg = config.load();
    Region region = cfg.regions().find(regionId).filter(Region::active).orElse(null);
    if (region == null) {
      System.err.println(
          "--region " + regionId + " is not an active region of " + cfg.dir().resolve("regions.yaml"));
      return 2;
    }
    if (demoRows != null && cfg.regions().mode() != Mode.DEV) {
      System.err.println("--demo-rows is for dev configurations only");
      return 2;
    }
    if (cfg.regions().mode() == Mode.DEV) {
      // The dev issuer's key, which access.yaml names, is made on first use.
      DevIssuerKey.loadOrCreate(DevIssuerKey.defaultPath(cfg.dir().toAbsolutePath().getParent()));
    }
    NodeOptions options =
        demoRows != null || cfg.regions().mode() == Mode.DEV
            ? NodeOptions.demo(demoRows != null ? demoRows : NodeOptions.DEFAULT_DEMO_ROWS)
            : NodeOptions.production();
    Node node = Node.start(cfg, region, options, new NettyTransport(cfg.access().tls()), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "jaga-node-shutdown"));
    stopped.await();
    return 0;
  }
}
