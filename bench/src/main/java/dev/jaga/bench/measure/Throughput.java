package dev.jaga.bench.measure;

import java.util.Comparator;
import java.util.List;

/**
 * One timed transfer: how many rows and bytes arrived in how long, how soon the first row came,
 * and (once measured around it) the CPU each process spent.
 */
public record Throughput(long rows, long bytes, long nanos, long firstRowNanos, CpuMeter.Sample cpu) {
  public Throughput(long rows, long bytes, long nanos, long firstRowNanos) {
    this(rows, bytes, nanos, firstRowNanos, CpuMeter.Sample.UNKNOWN);
  }

  public Throughput withCpu(CpuMeter.Sample spent) {
    return new Throughput(rows, bytes, nanos, firstRowNanos, spent);
  }

  public double seconds() {
    return nanos / 1e9;
  }

  public double rowsPerSecond() {
    return rows / seconds();
  }

  /** Decimal megabytes, as network and disk figures are usually quoted. */
  public double megabytesPerSecond() {
    return bytes / 1e6 / seconds();
  }

  public double firstRowSeconds() {
    return firstRowNanos / 1e9;
  }

  /**
   * The run with the median rows/s (the lower middle one for an even count): a real run, so its
   * rows/s and MB/s belong together.
   */
  public static Throughput median(List<Throughput> runs) {
    List<Throughput> sorted =
        runs.stream().sorted(Comparator.comparingDouble(Throughput::rowsPerSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
