package dev.jaga.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Renders a {@link BenchReport} as the Markdown people read, the JSON tools compare and an SVG chart. */
public final class ReportWriter {
  private static final double GIB = 1024.0 * 1024.0 * 1024.0;

  private ReportWriter() {}

  /** Writes {@code <name>.md}, {@code <name>.json} and {@code <name>.svg} into {@code dir}; returns the Markdown. */
  public static String write(BenchReport report, Path dir, String name) {
    String markdown = markdown(report, name + ".svg");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(name + ".svg"), SvgChart.render(report), StandardCharsets.UTF_8);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve(name + ".json").toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + dir, e);
    }
    return markdown;
  }

  static String markdown(BenchReport r, String chart) {
    BenchReport.Machine m = r.machine();
    StringBuilder md = new StringBuilder();
    md.append("# Jaga benchmark\n\n");
    md.append("Taken ").append(r.takenAt()).append(" with `").append(r.command()).append("` at commit `")
        .append(r.gitCommit()).append("`; the whole run took ").append(fmt("%.0f s", r.runSeconds())).append(".\n\n");
    md.append("* **Machine**: ").append(m.cores()).append(" cores (").append(m.cpu()).append("), ")
        .append(fmt("%.1f GiB", m.memoryBytes() / GIB)).append(" RAM, ").append(m.os()).append("\n");
    md.append("* **JDK**: ").append(m.jdk()).append("\n");
    md.append("* **Server JVM** (each node its own process): max heap ")
        .append(fmt("%.1f GiB", m.serverMaxHeapBytes() / GIB)).append(", ").append(m.serverGc())
        .append(m.serverJvmArgs().isBlank() ? "" : ", flags `" + m.serverJvmArgs() + "`").append("\n");
    md.append("* **Database**: ").append(m.postgres()).append(", all data cached; a 4 KiB durable write (fsync) in")
        .append(" its directory took ").append(fmt("%.2f ms", m.fsyncMillis())).append(" (median of 21) at the start\n");
    md.append("* **Load average** (1, 5, 15 min; other work on this machine): ").append(m.loadAverageAtStart())
        .append(" at the start, ").append(m.loadAverageAtEnd()).append(" at the end\n\n");

    md.append("## Targets (each a ratio or difference taken in this run)\n\n");
    md.append("| pair | claim | measured | target | result | |\n|---|---|--:|--:|---|---|\n");
    for (PairResult p : r.pairs()) {
      for (Verdict v : p.verdicts()) {
        md.append("| ").append(p.number()).append(" | ").append(v.claim()).append(" | ").append(v.measuredText())
            .append(" | ").append(v.targetText()).append(" | **").append(outcome(v)).append("** | ")
            .append(v.detail()).append(" |\n");
      }
      if (p.status() == PairResult.Status.FAILED) {
        md.append("| ").append(p.number()).append(" | ").append(p.title()).append(" | failed | | **ERROR** | ")
            .append(p.figures().get("error")).append(" |\n");
      }
    }
    md.append("\n![Each claim against its target](").append(chart).append(")\n\n");

    for (PairResult p : r.pairs()) {
      md.append("## ").append(p.number()).append(". ").append(p.title());
      md.append(switch (p.status()) {
        case MEASURED -> "";
        case BASELINE_ONLY -> " (baseline only: the Jaga half is not measured yet)";
        case FAILED -> " (failed)";
      }).append("\n\n");
      for (PairResult.Table t : p.tables()) {
        md.append(t.caption()).append(":\n\n");
        md.append(line(t.header()));
        md.append("|---").append("|--:".repeat(t.header().size() - 1)).append("|\n");
        t.rows().forEach(row -> md.append(line(row)));
        md.append('\n');
      }
      for (Verdict v : p.verdicts()) {
        md.append("**").append(v.claim()).append(": ").append(v.measuredText()).append("** (target ")
            .append(v.targetText()).append(", ").append(outcome(v)).append("). ").append(v.detail()).append(".\n\n");
      }
      p.notes().forEach(n -> md.append("* ").append(n).append('\n'));
      md.append('\n');
    }
    md.append("## Notes\n\n");
    r.notes().forEach(n -> md.append("* ").append(n).append('\n'));
    return md.toString();
  }

  private static String outcome(Verdict v) {
    return switch (v.outcome()) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case NOT_MEASURED -> "NOT MEASURED YET";
    };
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
