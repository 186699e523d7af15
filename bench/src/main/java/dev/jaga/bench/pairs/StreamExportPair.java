package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Text;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.CopyBaseline;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.StreamClient;
import dev.jaga.bench.measure.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pair 1: {@code StreamExport} of the tenant's contacts received by a Java client, against
 * PostgreSQL's own {@code COPY (SELECT row_to_json(...)) TO STDOUT} of the same rows, alternating
 * the two; the ratio of rows/s is held to ≥ 0.8.
 */
public final class StreamExportPair implements Pair {
  static final double TARGET = 0.8;

  @Override
  public int number() {
    return 1;
  }

  @Override
  public String title() {
    return "Stream export vs PostgreSQL's own COPY row_to_json";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    // 100k rows are too few for the JIT to settle in one pass; warm-ups are cheap at that size.
    int warmups = bench.quick() ? 2 : 1;
    int repetitions = bench.quick() ? 1 : 3;
    CopyBaseline copy = new CopyBaseline(bench.cluster().owner(BenchContext.HOME), BenchContext.TENANT,
        BenchContext.TABLE);
    StreamClient stream = Streams.client(bench, BenchContext.TENANT, bench::ownerToken);
    CpuMeter cpu = bench.cpu();
    for (int i = 1; i <= warmups; i++) {
      progress("pair 1 warm-up %d/%d: COPY   %s", i, warmups, Text.describe(copy.run()));
      progress("pair 1 warm-up %d/%d: stream %s", i, warmups, Text.describe(stream.fast().throughput()));
    }
    List<Throughput> copies = new ArrayList<>();
    List<Throughput> streams = new ArrayList<>();
    StreamClient.Received last = null;
    for (int i = 1; i <= repetitions; i++) {
      CpuMeter.Sample before = cpu.sample();
      copies.add(copy.run().withCpu(cpu.sample().minus(before)));
      progress("pair 1 run %d/%d: COPY   %s", i, repetitions, Text.describe(copies.get(i - 1)));
      before = cpu.sample();
      last = stream.fast();
      Streams.requireAll(last, bench.tenantRows());
      streams.add(last.throughput().withCpu(cpu.sample().minus(before)));
      progress("pair 1 run %d/%d: stream %s", i, repetitions, Text.describe(streams.get(i - 1)));
    }
    Throughput copyMedian = Throughput.median(copies);
    Throughput streamMedian = Throughput.median(streams);
    double ratio = streamMedian.rowsPerSecond() / copyMedian.rowsPerSecond();
    double copyAfterFirst = afterFirstRow(copyMedian);
    double streamAfterFirst = afterFirstRow(streamMedian);

    return new PairResult.Builder(this)
        .table(fmt("%,d rows of `%s` in tenant `%s`; %d warm-up then %d alternating run%s of each; medians",
                bench.tenantRows(), BenchContext.ENTITY, BenchContext.TENANT, warmups, repetitions,
                repetitions == 1 ? "" : "s"),
            List.of("path", "rows/s", "MB/s", "bytes/row", "seconds", "first row after (s)",
                "CPU s: PostgreSQL / node / client", "every run (rows/s)"),
            List.of(row("`" + copy.sql() + "` read by pgjdbc `CopyManager`", copyMedian, copies),
                row("`ExportService.StreamExport` (entities=[" + BenchContext.ENTITY + "]) read by a Java client"
                    + " over Netty (loopback)", streamMedian, streams)))
        .figure("baselineSql", copy.sql())
        .figure("copyRuns", copies)
        .figure("streamRuns", streams)
        .figure("copy", copyMedian)
        .figure("stream", streamMedian)
        .figure("streamChunks", last.chunks())
        .figure("streamWireBytes", last.wireBytes())
        .figure("ratio", ratio)
        .verdict(Verdict.of("stream export rows/s ÷ `COPY row_to_json` rows/s", ratio, "×",
            Verdict.Direction.AT_LEAST, TARGET, fmt("%,.0f vs %,.0f rows/s", streamMedian.rowsPerSecond(),
                copyMedian.rowsPerSecond())))
        .note(fmt("Once its first row had arrived, the stream moved %,.0f rows/s and COPY %,.0f rows/s: time"
            + " before the first row is time the two sides could not overlap.", streamAfterFirst, copyAfterFirst))
        .note("COPY sends every column of app.contacts as PostgreSQL's row_to_json; the stream sends the"
            + " catalog's projection (nik and npwp masked to their last 4 digits, date_of_birth to its year),"
            + " so bytes per row differ and the ratio is taken on rows/s.")
        .note("COPY reads as the schema owner on one connection; the stream goes through the whole perimeter"
            + " (token, rate limits, durable audit event, row-level security) in one REPEATABLE READ snapshot."
            + " Its time runs from the call to the last message. The client counts records and bytes and checks"
            + " them against the summary's totals; it does not re-hash each chunk.")
        .build();
  }

  private static double afterFirstRow(Throughput t) {
    return (t.rows() - 1) / Math.max(1e-9, t.seconds() - t.firstRowSeconds());
  }

  private static List<String> row(String label, Throughput t, List<Throughput> runs) {
    String cpu = t.cpu().postgresSeconds() < 0 ? "n/a"
        : fmt("%.2f / %.2f / %.2f", t.cpu().postgresSeconds(), t.cpu().serverSeconds(), t.cpu().clientSeconds());
    return List.of(label, fmt("%,.0f", t.rowsPerSecond()), fmt("%.1f", t.megabytesPerSecond()),
        fmt("%.0f", (double) t.bytes() / Math.max(1, t.rows())), fmt("%.2f", t.seconds()),
        fmt("%.2f", t.firstRowSeconds()), cpu,
        runs.stream().map(x -> fmt("%,.0f", x.rowsPerSecond())).collect(Collectors.joining(", ")));
  }
}
