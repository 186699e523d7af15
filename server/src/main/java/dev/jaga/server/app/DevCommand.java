package dev.jaga.server.app;

import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.demo.DemoTenants;
import dev.jaga.server.grpc.NettyTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jaga dev}: the embedded default, every active region on loopback, until Ctrl-C. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Start every active region of a dev configuration on loopback, each with its own"
        + " embedded PostgreSQL, seeded with the demo tenants on first start.")
final class DevCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--demo-rows",
      paramLabel = "N",
      description = "Rows in the largest demo table per tenant, on first start"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + NodeOptions.DEFAULT_DEMO_ROWS)
  int demoRows;

  @Override
  public Integer call() throws InterruptedException {
    RegionConfig cfg = config.load();
    if (cfg.regions().mode() != Mode.DEV) {
      System.err.println(
          cfg.dir().resolve("regions.yaml") + ": mode is " + cfg.regions().mode()
              + "; `jaga dev` runs only a dev configuration. Use `jaga node --region ID`.");
      return 2;
    }
    if (demoRows < 1) {
      System.err.println("--demo-rows must be at least 1");
      return 2;
    }
    Path root = cfg.dir().toAbsolutePath().getParent();
    Path key = DevIssuerKey.defaultPath(root);
    DevIssuerKey.loadOrCreate(key);

    DevCluster cluster =
        DevCluster.start(
            cfg, NodeOptions.demo(demoRows), new NettyTransport(cfg.access().tls()), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping the dev cluster...");
                  cluster.close();
                  stopped.countDown();
                },
                "jaga-dev-shutdown"));
    Path clusterFile = root.resolve("var/dev/cluster.json");
    cluster.writeClusterFile(clusterFile);
    printSummary(cluster, root.relativize(clusterFile), root.relativize(key));
    stopped.await();
    return 0;
  }

  private static void printSummary(DevCluster cluster, Path clusterFile, Path key) {
    StringBuilder out = new StringBuilder("\nJaga dev cluster is up:\n");
    for (Node node : cluster.nodes()) {
      Region r = node.region();
      String tenants =
          DemoTenants.homedIn(r.id()).stream()
              .map(DemoTenants.DemoTenant::id)
              .collect(Collectors.joining(", "));
      out.append(
          String.format(
              "  %-7s grpc %-16s tenants: %-20s db: %s%n",
              r.id(), r.grpc().endpoint(), tenants, node.jdbcUrl()));
    }
    out.append("\nEndpoints are in ").append(clusterFile);
    out.append("; dev tokens are signed with ").append(key).append(".\n\nTry:\n");
    out.append("  export JAGA_TOKEN=$(./jaga token --user budi.santoso@acme.co.id --grant acme-id:owner)\n");
    out.append("  ./jaga directory resolve acme-id\n");
    out.append("  ./jaga tenant get acme-id\n");
    out.append("\nCtrl-C stops every region; the next start reuses the data under var/.\n");
    System.out.print(out);
    System.out.flush();
  }
}
