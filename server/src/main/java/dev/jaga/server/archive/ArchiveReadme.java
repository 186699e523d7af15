package dev.jaga.server.archive;

import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.ExportAction;
import dev.jaga.server.export.ExportPlans.Plan;
import dev.jaga.server.export.ExportPlans.PlannedEntity;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** {@code README.txt}: the archive explained to whoever opens it, without Jaga at hand. */
final class ArchiveReadme {
  static final String NAME = "README.txt";

  private ArchiveReadme() {}

  static String text(ArchiveJob job, Plan plan, Instant snapshotTime, Map<String, Long> rows, long attachments) {
    StringBuilder t = new StringBuilder();
    t.append("Jaga export archive\n===================\n\n");
    t.append("Export ").append(job.exportId()).append(" of tenant ").append(job.tenantId()).append(".\n");
    t.append("Scope: ").append(scope(plan)).append(".\n");
    t.append("Every file shows the data as it was at ").append(snapshotTime)
        .append(" (one database snapshot for the whole archive).\n\n");
    t.append("Layout\n------\n");
    t.append("  <entity>.jsonl   one record per line, each a JSON object; the first field is the tenant key.\n");
    if (job.formats().getCsv()) {
      t.append("  <entity>.csv     the same records as CSV (RFC 4180, UTF-8, CRLF, a header row); text that\n")
          .append("                   begins with = + - @ or a tab starts with an apostrophe there, so that a\n")
          .append("                   spreadsheet shows it instead of running it as a formula.\n");
    }
    if (job.formats().getAttachments()) {
      t.append("  attachments/<entity>/<record id>/<file name>\n")
          .append("                   file content; in the records, the column holding it gives this path.\n");
    } else {
      t.append("  (attachments were not asked for: file content columns are left out of the records)\n");
    }
    t.append("  README.txt       this file.\n");
    t.append("  manifest.json    every file with its size and SHA-256, and the row counts;\n")
        .append("                   check it with `jaga export verify ARCHIVE`.\n\n");
    t.append("Entities and rows\n-----------------\n");
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    for (PlannedEntity e : plan.entities()) {
      t.append(String.format("  %-20s %,12d rows%n", e.entity().name(), rows.getOrDefault(e.entity().name(), 0L)));
      e.columns().forEach(c -> classes.add(c.dataClass()));
    }
    if (attachments > 0) {
      t.append(String.format("  %-20s %,12d files%n", "attachments/", attachments));
    }
    t.append("\nData classes present\n--------------------\n");
    for (DataClass c : classes) {
      t.append("  ").append(c.id()).append('\n');
    }
    t.append("\nWhat masks and `never` mean\n---------------------------\n");
    t.append("Each column follows the tenant's data catalog. `include`: the value as stored. `mask:<how>`:\n")
        .append("the database replaced the value before it left (last4: only the last four characters;\n")
        .append("email-domain: only the domain; hash: SHA-256 hex; redact: \"[redacted]\"; year: only the\n")
        .append("year). `never`: the column is not in this archive at all, nor is any secret (passwords,\n")
        .append("tokens, keys), nor any class the tenant's residency rules keep from being exported.\n");
    t.append("\nMasked columns in this archive:\n");
    int masked = 0;
    for (PlannedEntity e : plan.entities()) {
      for (ColumnRule c : e.columns()) {
        if (c.export() instanceof ExportAction.Mask m) {
          t.append("  ").append(e.entity().name()).append('.').append(c.column()).append("  ").append(m).append('\n');
          masked++;
        }
      }
    }
    if (masked == 0) {
      t.append("  (none)\n");
    }
    return t.toString();
  }

  private static String scope(Plan plan) {
    StringBuilder s = new StringBuilder("entities ");
    s.append(String.join(", ", plan.entities().stream().map(e -> e.entity().name()).toList()));
    plan.subjectId().ifPresent(id -> s.append("; only the records of data subject ").append(id)
        .append(" (other people appear by id only)"));
    plan.from().ifPresent(t -> s.append("; from ").append(t));
    plan.until().ifPresent(t -> s.append("; until ").append(t));
    return s.toString();
  }
}
