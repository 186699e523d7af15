package dev.jaga.bench;

import dev.jaga.bench.BenchReport.Figure;
import dev.jaga.bench.BenchReport.Sampled;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaga bench}: starts one real node, seeds it, and measures the stream export beside
 * PostgreSQL's own COPY of the same rows, alternating the two in one run, then writes the report.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Jaga against its baselines on this machine and write bench/results/latest.{md,json}.")
public final class BenchMain implements Callable<Integer> {
  static final String TENANT = "acme-id";
  static final String OWNER = "budi.santoso@acme.co.id";
  static final String ENTITY = "contacts";
  static final Duration SLOW_PAUSE = Duration.ofMillis(20);
  static final long MIB = 1024 * 1024;

  @Option(names = "--rows", paramLabel = "N",
      description = "Rows in the largest demo table (app.contacts) per tenant (default: 1000000; 100000 with --quick).")
  Integer rows;

  @Option(names = "--quick", description = "100,000 rows and one measured run of each path (under 3 minutes).")
  boolean quick;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/results",
      description = "Where latest.md and latest.json go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--config", paramLabel = "DIR", defaultValue = "region-config",
      description = "The region configuration to start id-jkt from (default: ${DEFAULT-VALUE}).")
  Path config;

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int demoRows = rows != null ? rows : quick ? 100_000 : 1_000_000;
    int warmups = quick ? 2 : 1;
    int repetitions = quick ? 1 : 3;
    Duration slowLimit = Duration.ofSeconds(quick ? 5 : 10);

    progress("starting region %s with %,d demo rows (seeding a fresh database)", BenchNode.REGION, demoRows);
    long started = System.nanoTime();
    try (BenchNode node = BenchNode.start(config, demoRows)) {
      double startSeconds = (System.nanoTime() - started) / 1e9;
      progress("node up in %.0f s", startSeconds);
      long tenantRows = count(node.owner());
      ManagedChannel channel = NettyChannelBuilder.forTarget(node.endpoint()).usePlaintext().build();
      try {
        CopyBaseline copy = new CopyBaseline(node.owner(), TENANT);
        StreamClient stream = new StreamClient(channel, () -> node.ownerToken(OWNER, TENANT), TENANT, List.of(ENTITY));

        for (int i = 1; i <= warmups; i++) {
          progress("warm-up %d/%d: COPY %s, stream %s", i, warmups, describe(copy.run()), describe(stream.fast().throughput()));
        }
        long settled = HeapSampler.settledHeap();
        List<Throughput> copies = new ArrayList<>();
        List<Throughput> streams = new ArrayList<>();
        Sampled fastHeap = null;
        StreamClient.Received last = null;
        for (int i = 1; i <= repetitions; i++) {
          copies.add(copy.run());
          progress("run %d/%d: COPY   %s", i, repetitions, describe(copies.get(copies.size() - 1)));
          HeapSampler.settledHeap();
          HeapSampler sampler = HeapSampler.start();
          last = stream.fast();
          Sampled peak = Sampled.of(sampler.stop());
          fastHeap = fastHeap == null ? peak : fastHeap.max(peak);
          streams.add(last.throughput());
          progress("run %d/%d: stream %s, peak heap %d MiB", i, repetitions, describe(last.throughput()),
              peak.heapUsedBytes() / MIB);
          requireAll(last, tenantRows);
        }

        progress("slow reader: one chunk per %d ms for up to %d s", SLOW_PAUSE.toMillis(), slowLimit.toSeconds());
        HeapSampler.settledHeap();
        HeapSampler sampler = HeapSampler.start();
        StreamClient.Received slow = stream.slow(SLOW_PAUSE, slowLimit);
        Sampled slowHeap = Sampled.of(sampler.stop());
        progress("slow reader: %,d records in %,d chunks, peak heap %d MiB", slow.throughput().rows(),
            slow.chunks(), slowHeap.heapUsedBytes() / MIB);

        Throughput copyMedian = Throughput.median(copies);
        Throughput streamMedian = Throughput.median(streams);
        double ratio = streamMedian.rowsPerSecond() / copyMedian.rowsPerSecond();
        BenchReport report = new BenchReport(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Machines.describe(node.owner()),
            new BenchReport.Settings(demoRows, tenantRows, TENANT, ENTITY, quick, warmups, repetitions),
            new BenchReport.StreamPair(copy.sql(), figures(copies), Figure.of(copyMedian), figures(streams),
                Figure.of(streamMedian), last.chunks(), last.wireBytes(), ratio),
            new BenchReport.Memory(settled, fastHeap, slowHeap, SLOW_PAUSE.toMillis(), slow.throughput().rows(),
                slow.chunks(), slow.throughput().seconds(), slow.complete()),
            targets(ratio, fastHeap, slowHeap),
            notes(startSeconds));
        System.out.println(ReportWriter.write(report, out));
        progress("wrote %s and %s", out.resolve("latest.md"), out.resolve("latest.json"));
        return 0;
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<BenchReport.Target> targets(double ratio, Sampled fast, Sampled slow) {
    long headroom = 64 * MIB;
    return List.of(
        new BenchReport.Target("stream export vs `COPY row_to_json` (rows/s)",
            String.format(Locale.ROOT, "%.2f×", ratio), "≥ 0.80×", ratio >= 0.8),
        new BenchReport.Target("slow-client peak heap vs full-speed peak heap",
            String.format(Locale.ROOT, "%+.1f MiB", (slow.heapUsedBytes() - fast.heapUsedBytes()) / (double) MIB),
            "≤ +64 MiB", slow.heapUsedBytes() <= fast.heapUsedBytes() + headroom));
  }

  private static List<String> notes(double startSeconds) {
    return List.of(
        "COPY sends every column of app.contacts as PostgreSQL's row_to_json; the stream sends the"
            + " catalog's projection (nik and npwp masked to their last 4 digits, date_of_birth to its"
            + " year), read by PostgreSQL as a binary COPY and written as JSON by the server, so bytes"
            + " per row differ and the ratio is taken on rows/s.",
        "COPY reads as the schema owner on one connection; the stream goes through the whole"
            + " perimeter (token, rate limits, durable audit event, row-level security) and one"
            + " REPEATABLE READ snapshot. Its time runs from the call to the last message.",
        "The client counts records and bytes and checks them against the summary's totals; it does"
            + " not verify each chunk's SHA-256 (the server computes them).",
        "Client, server and PostgreSQL share the same cores; the figures are for this machine only,"
            + " the ratios are the point.",
        String.format(Locale.ROOT, "Start-up, migration and seeding took %.0f s and are not measured.", startSeconds),
        "Reproduce: `./jaga bench` (1M rows, about 5 minutes) or `./jaga bench --quick`.");
  }

  private static List<Figure> figures(List<Throughput> runs) {
    return runs.stream().map(Figure::of).toList();
  }

  /** Every row of the tenant must have arrived, or the throughput is of something else. */
  private static void requireAll(StreamClient.Received received, long tenantRows) {
    if (!received.complete() || received.throughput().rows() != tenantRows) {
      throw new IllegalStateException("the stream delivered " + received.throughput().rows()
          + " records, the tenant has " + tenantRows);
    }
  }

  private static long count(DataSource owner) throws java.sql.SQLException {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from app.contacts where tenant_id = '" + TENANT + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String describe(Throughput t) {
    return String.format(Locale.ROOT, "%,d rows in %.2f s = %,.0f rows/s, %.1f MB/s",
        t.rows(), t.seconds(), t.rowsPerSecond(), t.megabytesPerSecond());
  }

  private static void progress(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
  }
}
