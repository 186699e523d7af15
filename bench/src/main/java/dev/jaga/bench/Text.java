package dev.jaga.bench;

import dev.jaga.bench.measure.Throughput;
import java.util.Locale;

/** Number formatting shared by the pairs and the report, in one locale whatever the machine's. */
public final class Text {
  private Text() {}

  public static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  public static String mib(long bytes) {
    return bytes < 0 ? "n/a" : fmt("%.1f MiB", bytes / (double) BenchContext.MIB);
  }

  public static String seconds(double s) {
    return s < 0 ? "n/a" : fmt("%.2f", s);
  }

  public static String describe(Throughput t) {
    String line = fmt("%,d rows in %.2f s = %,.0f rows/s, %.1f MB/s, first row after %.2f s",
        t.rows(), t.seconds(), t.rowsPerSecond(), t.megabytesPerSecond(), t.firstRowSeconds());
    if (t.cpu().postgresSeconds() >= 0) {
      line += fmt("; CPU s: PostgreSQL %.2f, node %.2f, client %.2f", t.cpu().postgresSeconds(),
          t.cpu().serverSeconds(), t.cpu().clientSeconds());
    }
    return line;
  }
}
