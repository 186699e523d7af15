package dev.jaga.bench;

import static dev.jaga.bench.BenchContext.progress;

import dev.jaga.bench.pairs.ForwardedCallPair;
import dev.jaga.bench.report.BenchReport;
import dev.jaga.bench.report.Machines;
import dev.jaga.bench.report.ReportWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaga bench}: starts real nodes in their own JVMs, seeds them, runs every {@link Pair}
 * (each claim beside its baseline, on the same rows) and writes the report.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Jaga against its baselines on this machine and write the report to"
        + " bench/results/latest.{md,json,svg} (latest-quick.* with --quick).")
public final class BenchMain implements Callable<Integer> {
  /** Rows the entry region's own demo tenant gets: it is only there to forward. */
  static final int ENTRY_ROWS = 100;

  @Option(names = "--rows", paramLabel = "N",
      description = "Rows in the largest demo table (app.contacts) per tenant (default: 1000000; 100000 with --quick).")
  Integer rows;

  @Option(names = "--quick", description = "100,000 rows and fewer repetitions (about 2 minutes once built).")
  boolean quick;

  @Option(names = "--pairs", paramLabel = "N,N", split = ",",
      description = "Only these pairs (default: all of 1 to 6).")
  Set<Integer> only;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/results",
      description = "Where the report and the node logs go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--config", paramLabel = "DIR", defaultValue = "region-config",
      description = "The region configuration to start the nodes from (default: ${DEFAULT-VALUE}).")
  Path config;

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    String loadAtStart = Machines.loadAverage();
    double fsync = Machines.fsyncMillis();
    int demoRows = rows != null ? rows : quick ? 100_000 : 1_000_000;
    List<Pair> pairs = Pairs.all().stream().filter(p -> only == null || only.contains(p.number())).toList();
    try (Cluster cluster = Cluster.of(config, out)) {
      progress("starting %s with %,d rows per demo tenant (seeding a fresh database; logs in %s)",
          BenchContext.HOME, demoRows, out);
      cluster.spawn(BenchContext.HOME, demoRows);
      if (pairs.stream().anyMatch(p -> p instanceof ForwardedCallPair)) {
        cluster.spawn(ForwardedCallPair.ENTRY, ENTRY_ROWS);
      }
      long tenantRows = count(cluster.owner(BenchContext.HOME));
      progress("%s up after %.0f s", BenchContext.HOME, (System.nanoTime() - started) / 1e9);
      BenchContext bench = new BenchContext(cluster, quick, demoRows, tenantRows);

      List<PairResult> results = new ArrayList<>();
      for (Pair pair : pairs) {
        progress("pair %d: %s", pair.number(), pair.title());
        try {
          results.add(pair.run(bench));
        } catch (Exception e) {
          progress("pair %d failed: %s", pair.number(), e);
          e.printStackTrace();
          results.add(PairResult.failed(pair, e));
        }
      }
      String command = "./jaga bench" + (quick ? " --quick" : "") + (rows != null ? " --rows " + rows : "")
          + (only != null ? " --pairs " + only.stream().sorted().map(String::valueOf).collect(Collectors.joining(","))
              : "");
      BenchReport report = new BenchReport(
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
          Machines.gitCommit(),
          command,
          (System.nanoTime() - started) / 1e9,
          Machines.describe(cluster.owner(BenchContext.HOME), bench.home().ready(), loadAtStart, fsync),
          results,
          notes(quick));
      String name = quick ? "latest-quick" : "latest";
      System.out.println(ReportWriter.write(report, out, name));
      progress("wrote %s.{md,json,svg} in %s after %.0f s", name, out, report.runSeconds());
      return results.stream().anyMatch(r -> r.status() == PairResult.Status.FAILED) ? 1 : 0;
    }
  }

  private static List<String> notes(boolean quick) {
    List<String> notes = new ArrayList<>();
    if (quick) {
      notes.add("A quick run checks that every pair runs. With a tenth of the rows and seconds of warm-up it"
          + " measures JVMs that are still compiling and exports too short to pay back their start, so its verdicts"
          + " are not the claims: those are the full run's (`./jaga bench`).");
    }
    notes.addAll(List.of(
        "Every node runs in its own JVM (`bench/src/main/java/dev/jaga/bench/node/NodeProcess.java`), started by"
            + " the bench from the repository's region-config on free loopback ports, with a throw-away database"
            + " and issuer key under var/tmp; the clients run in the bench's JVM; PostgreSQL in its own processes."
            + " All share this machine's cores: the figures are for this machine only, the ratios are the point.",
        "Start-up, migration and seeding are not measured. The node logs are beside this report"
            + " (node-<region>.log).",
        "Reproduce: `./jaga bench` (1M rows, scaling from 100k to 4M) or `./jaga bench --quick` (100k rows,"
            + " scaling from 25k to 200k); `--pairs 1,3` runs some pairs only. `JAGA_BENCH_NODE_OPTS` adds flags to"
            + " the node JVMs (e.g. a flight recording)."));
    return notes;
  }

  private static long count(DataSource owner) throws java.sql.SQLException {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select count(*) from " + BenchContext.TABLE + " where tenant_id = '" + BenchContext.TENANT + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
