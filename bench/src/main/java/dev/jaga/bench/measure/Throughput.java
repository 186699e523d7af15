package dev.jaga.bench;

import java.util.Comparator;
import java.util.List;

/** One timed transfer: how many rows and bytes arrived in how long. */
record Throughput(long rows, long bytes, long nanos) {
  double seconds() {
    return nanos / 1e9;
  }

  double rowsPerSecond() {
    return rows / seconds();
  }

  /** Decimal megabytes, as network and disk figures are usually quoted. */
  double megabytesPerSecond() {
    return bytes / 1e6 / seconds();
  }

  /**
   * The run with the median rows/s (the lower middle one for an even count): a real run, so its
   * rows/s and MB/s belong together.
   */
  static Throughput median(List<Throughput> runs) {
    List<Throughput> sorted =
        runs.stream().sorted(Comparator.comparingDouble(Throughput::rowsPerSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
