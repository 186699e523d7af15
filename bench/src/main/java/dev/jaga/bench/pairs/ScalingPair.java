package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;
import static dev.jaga.bench.Text.mib;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Text;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.StreamClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pair 6: the stream export at a tenth of the run's rows, at its rows and at four times them (100k,
 * 1M and 4M by default). Time should grow linearly (rows/s at every size within ±20% of the
 * median) and the server's held heap should stay flat (within 64 MiB across sizes).
 */
public final class ScalingPair implements Pair {
  static final double SPREAD = 20;
  static final long HEADROOM_MIB = 64;

  @Override
  public int number() {
    return 6;
  }

  @Override
  public String title() {
    return "Scaling: stream export time and server memory as the tenant grows";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    // Quick runs span a smaller range: creating the largest tenant is most of this pair's time.
    int[] sizes = bench.quick() ? new int[] {bench.rows() / 4, bench.rows(), bench.rows() * 2}
        : new int[] {bench.rows() / 10, bench.rows(), bench.rows() * 4};
    Map<Integer, String> tenants = new LinkedHashMap<>();
    for (int size : sizes) {
      tenants.put(size, size == bench.rows() ? BenchContext.TENANT : ScaleTenants.create(bench, size));
    }
    ScaleTenants.vacuum(bench);
    CpuMeter cpu = bench.cpu();
    List<Measured> runs = new ArrayList<>();
    for (Map.Entry<Integer, String> t : tenants.entrySet()) {
      String tenant = t.getValue();
      StreamClient client = Streams.client(bench, tenant, tenant.equals(BenchContext.TENANT)
          ? bench::ownerToken : () -> ScaleTenants.token(bench, tenant));
      Measured m = Measured.run(bench.home(), cpu, client::fast);
      Streams.requireAll(new StreamClient.Received(m.throughput(), m.chunks(), 0, m.complete()), t.getKey());
      progress("pair 6: %,d rows: %s; heap peak %s, after GC %s (%d GCs), RSS %s", t.getKey(),
          Text.describe(m.throughput()), mib(m.memory().heapUsed()), mib(m.memory().heapAfterGc()),
          m.memory().collections(), mib(m.memory().rss()));
      runs.add(m);
    }

    double[] rates = runs.stream().mapToDouble(m -> m.throughput().rowsPerSecond()).toArray();
    double median = median(rates);
    double spread = 0;
    for (double r : rates) {
      spread = Math.max(spread, Math.abs(r / median - 1) * 100);
    }
    // Heap after a collection is what was held; an export too short to trigger one says nothing
    // about it (its heap used is mostly garbage), so it is compared only if too few collected.
    List<Measured> collected = runs.stream().filter(m -> m.memory().collections() > 0).toList();
    List<Long> held = collected.size() >= 2
        ? collected.stream().map(m -> m.memory().heapAfterGc()).toList()
        : runs.stream().map(m -> m.memory().heapUsed()).toList();
    long heldMin = held.stream().mapToLong(Long::longValue).min().orElseThrow();
    long heldMax = held.stream().mapToLong(Long::longValue).max().orElseThrow();
    double[] fit = fit(runs);
    double residual = 0;
    for (Measured m : runs) {
      double line = fit[0] + fit[1] * m.throughput().rows();
      residual = Math.max(residual, Math.abs(m.throughput().seconds() - line) / m.throughput().seconds() * 100);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Measured m = runs.get(i);
      rows.add(List.of(fmt("%,d", sizes[i]), "`" + tenants.get(sizes[i]) + "`", fmt("%.2f", m.throughput().seconds()),
          fmt("%,.0f", m.throughput().rowsPerSecond()), fmt("%+.1f %%", (rates[i] / median - 1) * 100),
          fmt("%.2f", m.throughput().firstRowSeconds()), mib(m.memory().heapUsed()),
          m.memory().collections() == 0 ? "no GC ran" : mib(m.memory().heapAfterGc()),
          mib(m.memory().rss())));
    }
    boolean linear = spread <= SPREAD;
    boolean flat = (heldMax - heldMin) / (double) BenchContext.MIB <= HEADROOM_MIB;
    return new PairResult.Builder(this)
        .table("`StreamExport` of `contacts` read at full speed, one run per size, smallest first",
            List.of("rows", "tenant", "seconds", "rows/s", "vs median rows/s", "first row after (s)",
                "peak heap used", "peak heap after GC", "peak RSS"), rows)
        .figure("sizes", sizes)
        .figure("runs", runs)
        .figure("rowsPerSecondSpreadPercent", spread)
        .figure("fixedSeconds", fit[0])
        .figure("marginalRowsPerSecond", 1 / fit[1])
        .figure("fitLargestResidualPercent", residual)
        .verdict(Verdict.of("largest deviation of rows/s from the median across sizes", spread, "%",
            Verdict.Direction.AT_MOST, SPREAD, linear ? "time grows linearly" : "time does not grow linearly"))
        .verdict(Verdict.of("server heap held after GC, largest − smallest across sizes",
            (heldMax - heldMin) / (double) BenchContext.MIB, "MiB", Verdict.Direction.AT_MOST, HEADROOM_MIB,
            fmt("%s to %s", mib(heldMin), mib(heldMax))))
        .note(fmt("Time %s linearly with rows: rows/s at every size is within %.1f %% of the median (target ±%.0f %%)."
            + " The straight line closest to the three points is %.2f s fixed + 1 s per %,.0f rows, and no point is"
            + " off it by more than %.1f %% of its time%s.",
            linear ? "grows" : "does not grow", spread, SPREAD, fit[0], 1 / fit[1], residual,
            linear ? "" : ": a fixed cost per export that the small size cannot amortize, not a cost that grows"
                + " faster than the rows, where the line fits"))
        .note(fmt("Memory %s: the heap the node held after collections ranged from %s to %s across a %d× range of"
            + " sizes%s.", flat ? "stays flat" : "does not stay flat", mib(heldMin), mib(heldMax),
            sizes[2] / Math.max(1, sizes[0]), collected.size() >= 2 ? " (exports too short to trigger a collection"
                + " are left out: their heap used is mostly garbage)" : " (too few exports triggered a collection,"
                + " so peak heap used is compared)"))
        .note("The middle size is acme-id itself; the others are tenants the bench registers (default residency"
            + " preset, in-country, as acme-id's) and fills with acme-id's own contacts copied under new ids, so"
            + " every size exports rows of the same shape. The table is vacuumed before the first export.")
        .build();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  /** Least squares seconds = a + b × rows; returns {a, b}. */
  private static double[] fit(List<Measured> runs) {
    int n = runs.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (Measured m : runs) {
      double x = m.throughput().rows();
      double y = m.throughput().seconds();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {(sy - b * sx) / n, b};
  }
}
