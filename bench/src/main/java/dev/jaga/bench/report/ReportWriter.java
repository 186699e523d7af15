package dev.jaga.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as the Markdown people read and the JSON tools compare. */
final class ReportWriter {
  private static final double MIB = 1024.0 * 1024.0;
  private static final double GIB = MIB * 1024.0;

  private ReportWriter() {}

  /** Writes {@code latest.md} and {@code latest.json} into {@code dir}; returns the Markdown. */
  static String write(BenchReport report, Path dir) {
    String markdown = markdown(report);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("latest.md"), markdown, StandardCharsets.UTF_8);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("latest.json").toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + dir, e);
    }
    return markdown;
  }

  static String markdown(BenchReport r) {
    BenchReport.Machine m = r.machine();
    BenchReport.Settings s = r.settings();
    BenchReport.StreamPair p = r.streamExport();
    BenchReport.Memory mem = r.memory();
    StringBuilder md = new StringBuilder();
    md.append("# Jaga benchmark\n\n");
    md.append("Taken ").append(r.takenAt()).append(" with `./jaga bench")
        .append(s.quick() ? " --quick" : "").append(" --rows ").append(s.demoRows()).append("`.\n\n");
    md.append("* **Machine**: ").append(m.cores()).append(" cores (").append(m.cpu()).append("), ")
        .append(fmt("%.1f GiB", m.memoryBytes() / GIB)).append(" RAM, ").append(m.os()).append("\n");
    md.append("* **JVM**: ").append(m.jdk()).append(", max heap ").append(fmt("%.1f GiB", m.maxHeapBytes() / GIB))
        .append(", ").append(m.gc()).append("\n");
    md.append("* **Database**: ").append(m.postgres()).append(", all data cached\n");
    md.append("* **Data**: tenant `").append(s.tenant()).append("`, entity `").append(s.entity()).append("`, ")
        .append(fmt("%,d", s.tenantRows())).append(" rows; ").append(s.warmups()).append(" warm-up then ")
        .append(s.repetitions()).append(s.repetitions() == 1 ? " run" : " runs")
        .append(" of each path, alternating; medians\n\n");

    md.append("## Stream export vs PostgreSQL's own COPY\n\n");
    md.append("| path | rows/s | MB/s | bytes/row | seconds | every run (rows/s) |\n");
    md.append("|---|--:|--:|--:|--:|---|\n");
    row(md, "`" + p.baselineSql() + "` read by pgjdbc `CopyManager`", p.copy(), p.copyRuns());
    row(md, "`ExportService.StreamExport` (entities=[" + s.entity() + "]) read by a Java client over"
        + " Netty (loopback)", p.stream(), p.streamRuns());
    md.append('\n');
    md.append(fmt("**Stream / COPY: %.2f×** (rows/s). ", p.ratio()))
        .append(fmt("The stream sent %,d chunks, %.1f MB on the wire.", p.streamChunks(), p.streamWireBytes() / 1e6))
        .append("\n\n");
    md.append(bars(p));

    md.append("## Heap while the export runs\n\n");
    md.append("Client and server share one JVM (PostgreSQL is its own process), so these figures include"
        + " the client's own allocations: they bound the server's from above. Heap used is sampled every "
        + HeapSampler.PERIOD_MILLIS + " ms; \"after GC\" is the heap each collection left, i.e. what"
        + " was still held.\n\n");
    md.append("| reader | peak heap used | peak heap after GC | peak RSS | GCs | samples |\n");
    md.append("|---|--:|--:|--:|--:|--:|\n");
    heapRow(md, "full speed (every measured stream run)", mem.fast());
    heapRow(md, fmt("slow: one chunk at a time, %d ms each, %.1f s, %,d records in %,d chunks%s",
        mem.slowPauseMillis(), mem.slowSeconds(), mem.slowRecords(), mem.slowChunks(),
        mem.slowReadToEnd() ? ", to the end" : ", then cancelled"), mem.slow());
    md.append('\n').append(fmt("Heap after a full GC before the runs: %.1f MiB.%n%n", mem.settledHeapBytes() / MIB));

    md.append("## Targets (ratios in the same run)\n\n");
    md.append("| target | measured | wanted | result |\n|---|---|---|---|\n");
    for (BenchReport.Target t : r.targets()) {
      md.append("| ").append(t.name()).append(" | ").append(t.measured()).append(" | ").append(t.target())
          .append(" | **").append(t.pass() ? "PASS" : "FAIL").append("** |\n");
    }
    md.append("\n## Notes\n\n");
    r.notes().forEach(n -> md.append("* ").append(n).append('\n'));
    return md.toString();
  }

  private static void row(
      StringBuilder md, String label, BenchReport.Figure f, List<BenchReport.Figure> runs) {
    md.append("| ").append(label)
        .append(fmt(" | %,.0f | %.1f | %.0f | %.2f | ", f.rowsPerSecond(), f.megabytesPerSecond(),
            (double) f.bytes() / Math.max(1, f.rows()), f.seconds()))
        .append(runs.stream().map(x -> fmt("%,.0f", x.rowsPerSecond())).collect(Collectors.joining(", ")))
        .append(" |\n");
  }

  private static void heapRow(StringBuilder md, String label, BenchReport.Sampled s) {
    md.append("| ").append(label)
        .append(fmt(" | %.1f MiB | %s | %s | %d | %d |%n", s.heapUsedBytes() / MIB,
            s.collections() == 0 ? "no GC ran" : fmt("%.1f MiB", s.heapAfterGcBytes() / MIB),
            s.rssBytes() < 0 ? "n/a" : fmt("%.0f MiB", s.rssBytes() / MIB),
            s.collections(), s.samples()));
  }

  /** A chart a person can take in at a glance, in plain text so it renders anywhere. */
  private static String bars(BenchReport.StreamPair p) {
    double max = Math.max(p.copy().rowsPerSecond(), p.stream().rowsPerSecond());
    return "```\n"
        + bar("COPY row_to_json", p.copy().rowsPerSecond(), max)
        + bar("StreamExport", p.stream().rowsPerSecond(), max)
        + bar("0.8 × COPY", 0.8 * p.copy().rowsPerSecond(), max)
        + "```\n\n";
  }

  private static String bar(String label, double value, double max) {
    int width = (int) Math.round(40 * value / max);
    return fmt("%-17s %s %,.0f rows/s%n", label, "█".repeat(width) + " ".repeat(40 - width), value);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
