package dev.jaga.server.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jaga.server.export.ExportPlans.Plan;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what the archive holds and how to check it. Every other file is listed
 * with its size and SHA-256, and the entity files with their row counts (JSON lines, CSV records
 * after the header), so {@code jaga export verify} can prove nothing is missing or altered.
 */
final class ArchiveManifest {
  static final String NAME = "manifest.json";
  static final String FORMAT = "jaga-archive/1";

  private ArchiveManifest() {}

  static byte[] json(
      ArchiveJob job, Plan plan, Instant snapshotTime, Map<String, Long> rows, List<ArchiveZip.FileEntry> files)
      throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("export_id", job.exportId());
    root.put("tenant_id", job.tenantId());
    root.put("snapshot_time", snapshotTime.toString());
    ObjectNode scope = root.putObject("scope");
    ArrayNode entities = scope.putArray("entities");
    plan.entities().forEach(e -> entities.add(e.entity().name()));
    plan.from().ifPresent(t -> scope.put("from_time", t.toString()));
    plan.until().ifPresent(t -> scope.put("until_time", t.toString()));
    plan.subjectId().ifPresent(s -> scope.put("subject_id", s));
    ObjectNode formats = root.putObject("formats");
    formats.put("jsonl", true);
    formats.put("csv", job.formats().getCsv());
    formats.put("attachments", job.formats().getAttachments());
    ObjectNode counts = root.putObject("rows");
    rows.forEach(counts::put);
    ArrayNode list = root.putArray("files");
    for (ArchiveZip.FileEntry f : files) {
      ObjectNode file = list.addObject();
      file.put("name", f.name());
      file.put("kind", f.kind());
      f.entity().ifPresent(e -> file.put("entity", e));
      f.rows().ifPresent(r -> file.put("rows", r));
      file.put("bytes", f.bytes());
      file.put("sha256", f.sha256());
    }
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }
}
