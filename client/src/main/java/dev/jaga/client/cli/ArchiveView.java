package dev.jaga.client.cli;

import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportProgress;
import dev.jaga.api.v1.ExportState;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/** How the archive export commands show an export, its progress and a transfer. */
final class ArchiveView {
  private static final int BAR = 30;

  private ArchiveView() {}

  /** The export's state name without the enum's prefix: QUEUED, READY, ... */
  static String state(ExportState s) {
    return s.name().replace("EXPORT_STATE_", "");
  }

  static boolean finished(ExportState s) {
    return switch (s) {
      case EXPORT_STATE_READY, EXPORT_STATE_EXPIRED, EXPORT_STATE_REJECTED, EXPORT_STATE_FAILED,
          EXPORT_STATE_CANCELLED -> true;
      default -> false;
    };
  }

  /** A few lines about the export, on stdout. */
  static void print(PrintWriter out, Export e) {
    out.printf(Locale.ROOT, "export %s  %s  (tenant %s, requested by %s)%n", e.getExportId(), state(e.getState()),
        e.getTenantId(), e.getRequestedBy());
    e.getApprovalReasonsList().forEach(r -> out.println("  approval needed: " + r));
    if (!e.getApprovedBy().isEmpty()) {
      out.println("  approved by " + e.getApprovedBy());
    }
    if (!e.getRejectionReason().isEmpty()) {
      out.println("  rejected: " + e.getRejectionReason());
    }
    if (!e.getFailureReason().isEmpty()) {
      out.println("  failed: " + e.getFailureReason());
    }
    if (e.getState() == ExportState.EXPORT_STATE_READY) {
      out.printf(Locale.ROOT, "  archive: %s bytes, sha256 %s, expires %s%n", ExportReport.count(e.getArchiveBytes()),
          HexFormat.of().formatHex(e.getArchiveSha256().toByteArray()),
          Instant.ofEpochSecond(e.getExpireTime().getSeconds()));
      out.println(e.getEncryptedToRecipient()
          ? "  encrypted to the recipient's key: open it with gpg --decrypt"
          : "  next: jaga export key --tenant " + e.getTenantId() + " " + e.getExportId());
    }
    out.flush();
  }

  /** One progress line of a running job, redrawn in place on a terminal. */
  static String progress(Export e) {
    ExportProgress p = e.getProgress();
    double fraction = p.getEntitiesTotal() == 0 ? 0 : (double) p.getEntitiesDone() / p.getEntitiesTotal();
    return String.format(Locale.ROOT, "%s %s %d/%d entities | %s rows | %.1f MB", state(e.getState()), bar(fraction),
        p.getEntitiesDone(), p.getEntitiesTotal(), ExportReport.count(p.getRows()), p.getBytes() / 1e6);
  }

  /** One progress line of a download. */
  static String transfer(long done, long total, long startedNanos) {
    double seconds = Math.max((System.nanoTime() - startedNanos) / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%s %s / %s bytes | %.1f MB/s", bar(total == 0 ? 1 : (double) done / total),
        ExportReport.count(done), ExportReport.count(total), done / 1e6 / seconds);
  }

  /** Draws {@code line} in place on a terminal, or once per call elsewhere. */
  static void draw(PrintWriter err, String line, boolean terminal) {
    err.print(terminal ? "\r\033[K" + line : line + System.lineSeparator());
    err.flush();
  }

  static com.google.protobuf.Timestamp timestamp(Instant i) {
    return com.google.protobuf.Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static String bar(double fraction) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR);
    return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "]";
  }
}
