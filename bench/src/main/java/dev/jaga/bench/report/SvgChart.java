package dev.jaga.bench.report;

import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws every verdict of a run as one horizontal bar against its target, in plain SVG that any
 * browser or Markdown viewer shows: green where the target is met, red where it is not, grey where
 * the pair's Jaga half is not measured yet. Each bar has its own scale (the units differ).
 */
final class SvgChart {
  private static final int WIDTH = 1060;
  private static final int TRACK_X = 20;
  private static final int TRACK_WIDTH = 560;
  private static final int ROW = 64;
  private static final int TOP = 70;

  private SvgChart() {}

  static String render(BenchReport report) {
    List<String[]> rows = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    int y = TOP;
    for (PairResult pair : report.pairs()) {
      for (Verdict v : pair.verdicts()) {
        body.append(row(pair, v, y));
        y += ROW;
      }
      if (pair.status() == PairResult.Status.FAILED) {
        body.append(text(TRACK_X, y + 18, 13, "#c62828", "normal",
            pair.number() + " · " + plain(pair.title()) + ": the pair failed, see the report"));
        y += ROW;
      }
    }
    int height = y + 10;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + height
        + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        + text(TRACK_X, 28, 18, "#111", "bold", "Jaga benchmark: each claim against its target")
        + text(TRACK_X, 50, 12, "#555", "normal", report.takenAt() + " · commit " + shortCommit(report.gitCommit())
            + " · " + report.machine().cores() + " cores, " + report.machine().cpu() + " · " + report.command())
        + body
        + "</svg>\n";
  }

  private static String row(PairResult pair, Verdict v, int y) {
    StringBuilder out = new StringBuilder();
    out.append(text(TRACK_X, y, 13, "#111", "normal", pair.number() + " · " + plain(v.claim())));
    int barY = y + 8;
    out.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#f1f1f1\"/>%n", TRACK_X, barY, TRACK_WIDTH));
    double scale = Math.max(Math.abs(v.target()), v.measured() == null ? 0 : Math.abs(v.measured())) * 1.25;
    if (v.measured() != null) {
      int w = (int) Math.round(TRACK_WIDTH * Math.max(0, v.measured()) / scale);
      String color = v.outcome() == Verdict.Outcome.PASS ? "#2e7d32" : "#c62828";
      out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>%n",
          TRACK_X, barY, w, color));
    } else {
      out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"none\""
          + " stroke=\"#9e9e9e\" stroke-dasharray=\"4 3\"/>%n", TRACK_X, barY, TRACK_WIDTH));
      out.append(text(TRACK_X + 8, barY + 15, 12, "#757575", "normal", "not measured yet"));
    }
    int targetX = TRACK_X + (int) Math.round(TRACK_WIDTH * Math.abs(v.target()) / scale);
    out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111\""
        + " stroke-width=\"2\"/>%n", targetX, barY - 3, targetX, barY + 23));
    String verdict = switch (v.outcome()) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case NOT_MEASURED -> "NOT MEASURED";
    };
    String color = switch (v.outcome()) {
      case PASS -> "#2e7d32";
      case FAIL -> "#c62828";
      case NOT_MEASURED -> "#757575";
    };
    out.append(text(TRACK_X + TRACK_WIDTH + 16, barY + 15, 13, color, "bold",
        v.measuredText() + "  (target " + v.targetText() + ")  " + verdict));
    return out.toString();
  }

  private static String text(int x, int y, int size, String color, String weight, String content) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\" font-weight=\"%s\">%s</text>%n",
        x, y, size, color, weight, escape(content));
  }

  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  private static String shortCommit(String commit) {
    return commit.length() > 12 && !commit.startsWith("unknown") ? commit.substring(0, 12) + commit.substring(40)
        : commit;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
