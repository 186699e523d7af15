package dev.jaga.bench.measure;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Completed calls in a measured window: throughput, latency percentiles, and the CPU each process
 * spent in the window.
 */
public record Latencies(
    long calls, long errors, double seconds, double p50Millis, double p99Millis, double maxMillis,
    CpuMeter.Sample cpu) {
  public double callsPerSecond() {
    return calls / seconds;
  }

  /** The run in the middle when ranked by {@code figure} (the lower middle of an even count). */
  public static Latencies median(List<Latencies> runs, ToDoubleFunction<Latencies> figure) {
    List<Latencies> sorted = runs.stream().sorted(Comparator.comparingDouble(figure)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** CPU microseconds per call of one process's seconds in the window; -1 where unknown. */
  public double microsPerCall(double cpuSeconds) {
    return cpuSeconds < 0 || calls == 0 ? -1 : cpuSeconds * 1e6 / calls;
  }

  /** From every call's latency in nanoseconds (sorted here). */
  static Latencies of(long[] nanos, long errors, double seconds, CpuMeter.Sample cpu) {
    Arrays.sort(nanos);
    return new Latencies(
        nanos.length, errors, seconds, percentile(nanos, 0.50), percentile(nanos, 0.99),
        nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6, cpu);
  }

  /** Nearest-rank percentile, in milliseconds. */
  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
