package dev.jaga.client.cli;

import dev.jaga.api.v1.RecordBatch;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.export.StreamProgress;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress of an export on stderr: one line redrawn in place on a terminal, else (a log, a
 * pipe) one line per entity, so that nothing but finished lines ever reaches a file.
 */
final class ProgressDisplay {
  /** How progress is shown. */
  enum Mode {
    /** Decide by whether stderr is a terminal. */
    AUTO,
    /** One line redrawn in place. */
    BAR,
    /** A line per entity once the stream moves past it. */
    LINES
  }

  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final Mode mode;
  private final int maxAttempts;
  private final long started = System.nanoTime();
  private long drawnAt;
  private boolean drawn;
  private String entity = "";
  private long entityRecords;
  private long entityBytes;
  private long entityStarted;

  ProgressDisplay(PrintWriter err, Mode mode, int maxAttempts) {
    this.err = err;
    this.mode = mode == Mode.AUTO ? (stderrIsTerminal() ? Mode.BAR : Mode.LINES) : mode;
    this.maxAttempts = maxAttempts;
  }

  /** After each verified batch. */
  void batch(RecordBatch batch, StreamProgress total) {
    long now = System.nanoTime();
    if (!batch.getEntity().equals(entity)) {
      entityDone(now);
      entity = batch.getEntity();
      entityRecords = 0;
      entityBytes = 0;
      entityStarted = now;
    }
    entityRecords += batch.getRecordCount();
    entityBytes += batch.getJsonl().size();
    if (mode == Mode.BAR && (!drawn || now - drawnAt >= REDRAW_NANOS)) {
      draw(total, now);
    }
  }

  /** Before the stream waits to resume: says why, on a line of its own. */
  void retrying(int attempt, Duration delay, StatusRuntimeException cause) {
    clear();
    err.printf(
        Locale.ROOT,
        "stream interrupted: %s; resuming in %.1f s (attempt %d of %d)%n",
        ErrorDetails.of(cause).describe().lines().findFirst().orElse(""),
        delay.toMillis() / 1000.0,
        attempt,
        maxAttempts);
    err.flush();
  }

  /** At the end, complete or not: the last entity's line, and no half-drawn bar left behind. */
  void finish() {
    entityDone(System.nanoTime());
    entity = "";
    clear();
  }

  private void entityDone(long now) {
    if (mode == Mode.LINES && !entity.isEmpty()) {
      err.printf(
          Locale.ROOT,
          "%s: %s records, %s bytes in %.1f s%n",
          entity,
          ExportReport.count(entityRecords),
          ExportReport.count(entityBytes),
          (now - entityStarted) / 1e9);
      err.flush();
    }
  }

  private void draw(StreamProgress total, long now) {
    double seconds = Math.max((now - started) / 1e9, 1e-3);
    long whole = (long) seconds;
    err.printf(
        Locale.ROOT,
        "\r\033[K%s %s rows | total %s rows, %.1f MB | %s rows/s, %.1f MB/s | %d:%02d%s",
        entity,
        ExportReport.count(entityRecords),
        ExportReport.count(total.records()),
        total.bytes() / 1e6,
        ExportReport.count(Math.round(total.records() / seconds)),
        total.bytes() / 1e6 / seconds,
        whole / 60,
        whole % 60,
        total.resumptions() > 0 ? " | resumed " + total.resumptions() + "x" : "");
    err.flush();
    drawn = true;
    drawnAt = now;
  }

  private void clear() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  /**
   * Whether file descriptor 2 is a terminal. Java has no isatty; on Linux the descriptor's link
   * names the device, and elsewhere a console on stdin and stdout is the best available hint.
   */
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
