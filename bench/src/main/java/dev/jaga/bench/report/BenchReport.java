package dev.jaga.bench;

import java.util.List;

/**
 * Everything one bench run measured, as plain values: what {@code latest.json} holds and what
 * {@code latest.md} is rendered from, so the two never disagree.
 */
record BenchReport(
    String takenAt,
    Machine machine,
    Settings settings,
    StreamPair streamExport,
    Memory memory,
    List<Target> targets,
    List<String> notes) {

  /** The machine the figures were taken on. */
  record Machine(
      int cores, long memoryBytes, String cpu, String os, String jdk, long maxHeapBytes, String gc, String postgres) {}

  /** What was run, and how often. */
  record Settings(
      int demoRows, long tenantRows, String tenant, String entity, boolean quick, int warmups, int repetitions) {}

  /** One transfer, or the median of several. */
  record Figure(long rows, long bytes, double seconds, double rowsPerSecond, double megabytesPerSecond) {
    static Figure of(Throughput t) {
      return new Figure(t.rows(), t.bytes(), t.seconds(), t.rowsPerSecond(), t.megabytesPerSecond());
    }
  }

  /**
   * The stream export beside PostgreSQL's own COPY of the same rows. The ratio is of rows/s: the
   * stream sends catalog-projected, masked JSON, COPY every column, so bytes per row differ.
   */
  record StreamPair(
      String baselineSql,
      List<Figure> copyRuns,
      Figure copy,
      List<Figure> streamRuns,
      Figure stream,
      long streamChunks,
      long streamWireBytes,
      double ratio) {}

  /** Heap (and RSS) peaks while a fast and a slow client read the same export. */
  record Memory(
      long settledHeapBytes,
      Sampled fast,
      Sampled slow,
      long slowPauseMillis,
      long slowRecords,
      long slowChunks,
      double slowSeconds,
      boolean slowReadToEnd) {}

  /** Peaks of one sampled interval, in bytes ({@code heapAfterGcBytes} 0 if no GC ran). */
  record Sampled(long heapUsedBytes, long heapAfterGcBytes, long rssBytes, int samples, int collections) {
    static Sampled of(HeapSampler.Peak p) {
      return new Sampled(p.heapUsed(), p.heapAfterGc(), p.rss(), p.samples(), p.collections());
    }

    Sampled max(Sampled o) {
      return new Sampled(
          Math.max(heapUsedBytes, o.heapUsedBytes),
          Math.max(heapAfterGcBytes, o.heapAfterGcBytes),
          Math.max(rssBytes, o.rssBytes),
          samples + o.samples,
          collections + o.collections);
    }
  }

  /** A target from the design, as a ratio in the same run. */
  record Target(String name, String measured, String target, boolean pass) {}
}
