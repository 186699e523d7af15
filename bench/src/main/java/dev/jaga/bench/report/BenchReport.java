package dev.jaga.bench.report;

import dev.jaga.bench.PairResult;
import java.util.List;

/**
 * Everything one bench run measured, as plain values: what {@code latest.json} holds and what
 * {@code latest.md} and {@code latest.svg} are rendered from, so they never disagree.
 */
public record BenchReport(
    String takenAt,
    String gitCommit,
    String command,
    double runSeconds,
    Machine machine,
    List<PairResult> pairs,
    List<String> notes) {

  /** The machine and software the figures were taken on; the server JVM's own heap and flags. */
  public record Machine(
      int cores,
      long memoryBytes,
      String cpu,
      String os,
      String jdk,
      String postgres,
      long serverMaxHeapBytes,
      String serverGc,
      String serverJvmArgs,
      String loadAverageAtStart,
      String loadAverageAtEnd,
      double fsyncMillis) {}
}
