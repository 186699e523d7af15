package dev.jaga.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.SnapshotInfo;
import dev.jaga.api.v1.StreamSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What a verified export stream delivered, as {@code summary.json} for programs and as a table for
 * the person who ran it.
 */
record ExportReport(
    String tenantId,
    Scope scope,
    StreamSummary summary,
    List<SnapshotInfo> snapshots,
    boolean newSnapshotAfterResume,
    int resumptions,
    Duration elapsed) {

  long records() {
    return summary.getTotalsList().stream().mapToLong(EntityTotal::getRecords).sum();
  }

  long bytes() {
    return summary.getTotalsList().stream().mapToLong(EntityTotal::getBytes).sum();
  }

  String digest() {
    return HexFormat.of().formatHex(summary.getStreamSha256().toByteArray());
  }

  /** When the first snapshot was taken, empty if the server announced none. */
  String snapshotTime() {
    return snapshots.isEmpty() ? "" : instant(snapshots.get(0).getTakenTime()).toString();
  }

  String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("tenant_id", tenantId);
    ObjectNode scopeNode = root.putObject("scope");
    scope.getEntitiesList().forEach(scopeNode.putArray("entities")::add);
    if (scope.hasFromTime()) {
      scopeNode.put("from_time", instant(scope.getFromTime()).toString());
    }
    if (scope.hasUntilTime()) {
      scopeNode.put("until_time", instant(scope.getUntilTime()).toString());
    }
    if (!scope.getSubjectId().isEmpty()) {
      scopeNode.put("subject_id", scope.getSubjectId());
    }
    root.put("snapshot_time", snapshotTime());
    root.put("new_snapshot_after_resume", newSnapshotAfterResume);
    root.put("resumptions", resumptions);
    root.put("stream_sha256", digest());
    root.put("verified", true);
    ArrayNode entities = root.putArray("entities");
    for (EntityTotal t : summary.getTotalsList()) {
      entities
          .addObject()
          .put("entity", t.getEntity())
          .put("file", DirectorySink.fileName(t.getEntity()))
          .put("records", t.getRecords())
          .put("bytes", t.getBytes());
    }
    root.put("total_records", records());
    root.put("total_bytes", bytes());
    root.put("elapsed_seconds", elapsed.toMillis() / 1000.0);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  String table() {
    StringBuilder out = new StringBuilder();
    String row = "%-24s %14s %18s%n";
    out.append(String.format(Locale.ROOT, row, "entity", "records", "bytes"));
    for (EntityTotal t : summary.getTotalsList()) {
      out.append(
          String.format(
              Locale.ROOT, row, t.getEntity(), count(t.getRecords()), count(t.getBytes())));
    }
    out.append(String.format(Locale.ROOT, row, "total", count(records()), count(bytes())));
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    out.append(
        String.format(
            Locale.ROOT,
            "elapsed %.1f s, %s rows/s, %.2f MB/s, %d resumption%s%n",
            seconds,
            count(Math.round(records() / seconds)),
            bytes() / 1e6 / seconds,
            resumptions,
            resumptions == 1 ? "" : "s"));
    out.append("snapshot ").append(snapshotTime().isEmpty() ? "(not announced)" : snapshotTime());
    if (newSnapshotAfterResume) {
      out.append(
          "; a resumption continued on a newer snapshot, so rows changed in between may differ");
    }
    out.append(System.lineSeparator());
    out.append("stream sha256 ")
        .append(digest())
        .append(" (verified)")
        .append(System.lineSeparator());
    return out.toString();
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
