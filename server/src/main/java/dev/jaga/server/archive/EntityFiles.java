package dev.jaga.server.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.ExportAction;
import dev.jaga.server.export.ExportPlans.PlannedEntity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one entity: {@code <entity>.jsonl} (one record a line, as the projection wrote it),
 * {@code <entity>.csv} beside it, and its binary columns as files under {@code attachments/}. Each
 * is one pass over the entity in the same snapshot, since ZIP entries cannot interleave.
 *
 * <p>A binary column exported as is ({@code export: include}) holds file content: with attachments
 * asked for, its value in the records becomes the file's path in the archive; without, it is left
 * out of the records, so file content never hides in the JSON as hex.
 */
final class EntityFiles {
  /** Called after each row written; reports progress and stops a cancelled archive. */
  interface Tick {
    void row() throws IOException;
  }

  private static final String FILE_NAME_COLUMN = "file_name";

  private final PlannedEntity planned;
  private final List<String> attachmentColumns = new ArrayList<>();
  private final boolean withAttachments;
  private final String name;

  EntityFiles(PlannedEntity planned, Set<String> binaryColumns, boolean withAttachments) {
    this.planned = planned;
    this.withAttachments = withAttachments;
    this.name = planned.entity().name();
    for (ColumnRule column : planned.columns()) {
      if (column.export() instanceof ExportAction.Include && binaryColumns.contains(column.column())) {
        attachmentColumns.add(column.column());
      }
    }
  }

  /** The CSV header: the tenant key first, then the exported columns, as the JSON records hold them. */
  List<String> header() {
    List<String> header = new ArrayList<>(List.of(planned.entity().tenantKey()));
    for (ColumnRule column : planned.columns()) {
      if (withAttachments || !attachmentColumns.contains(column.column())) {
        header.add(column.column());
      }
    }
    return header;
  }

  boolean hasAttachments() {
    return withAttachments && !attachmentColumns.isEmpty();
  }

  long writeJsonl(Snapshot snapshot, ArchiveZip zip, Tick tick) throws SQLException, IOException {
    OutputStream out = zip.begin(name + ".jsonl");
    long rows = snapshot.forEachRow(planned, (key, json) -> {
      if (attachmentColumns.isEmpty()) {
        out.write(json);
      } else {
        out.write(Json.MAPPER.writeValueAsBytes(record(key, json)));
      }
      out.write('\n');
      tick.row();
    });
    zip.end("jsonl", Optional.of(name), Optional.of(rows));
    return rows;
  }

  long writeCsv(Snapshot snapshot, ArchiveZip zip, Tick tick) throws SQLException, IOException {
    List<String> header = header();
    Map<String, Integer> position = new HashMap<>();
    header.forEach(column -> position.put(column, position.size()));
    String[] cells = new String[header.size()];
    OutputStream out = zip.begin(name + ".csv");
    out.write(Csv.line(header).getBytes(StandardCharsets.UTF_8));
    long rows = snapshot.forEachRow(planned, (key, json) -> {
      Arrays.fill(cells, "");
      if (attachmentColumns.isEmpty()) {
        Csv.cells(json, position, cells);
      } else {
        ObjectNode record = record(key, json);
        position.forEach((column, i) -> cells[i] = Csv.cell(record.get(column)));
      }
      out.write(Csv.line(Arrays.asList(cells)).getBytes(StandardCharsets.UTF_8));
      tick.row();
    });
    zip.end("csv", Optional.of(name), Optional.of(rows));
    return rows;
  }

  /** One file per non-null attachment value; returns how many were written. */
  long writeAttachments(Snapshot snapshot, ArchiveZip zip, Tick tick) throws SQLException, IOException {
    long[] files = {0};
    snapshot.forEachRow(planned, (key, json) -> {
      JsonNode row = Json.MAPPER.readTree(json);
      for (String column : attachmentColumns) {
        JsonNode value = row.get(column);
        if (value != null && value.isTextual()) {
          zip.begin(path(key, column, row)).write(bytes(value.textValue()));
          zip.end("attachment", Optional.of(name), Optional.empty());
          files[0]++;
        }
      }
      tick.row();
    });
    return files[0];
  }

  /** The record as the archive holds it: attachment content replaced by its path, or left out. */
  private ObjectNode record(String key, byte[] json) throws IOException {
    ObjectNode row = (ObjectNode) Json.MAPPER.readTree(json);
    for (String column : attachmentColumns) {
      JsonNode value = row.get(column);
      if (!withAttachments) {
        row.remove(column);
      } else if (value != null && !value.isNull()) {
        row.put(column, path(key, column, row));
      }
    }
    return row;
  }

  /** {@code attachments/<entity>/<key>/<file name>}, every part reduced to safe characters. */
  private String path(String key, String column, JsonNode row) {
    JsonNode fileName = row.get(FILE_NAME_COLUMN);
    String base = fileName != null && fileName.isTextual() ? safe(fileName.textValue()) : "";
    String file = base.isEmpty() ? column + ".bin" : attachmentColumns.size() == 1 ? base : column + "-" + base;
    return "attachments/" + safe(name) + "/" + safe(key) + "/" + file;
  }

  static String safe(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
    return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
  }

  /** PostgreSQL's hex output of bytea in JSON: {@code \x} then two hex digits a byte. */
  private static byte[] bytes(String hex) throws IOException {
    if (!hex.startsWith("\\x")) {
      throw new IOException("binary column content is not in PostgreSQL's hex format");
    }
    return HexFormat.of().parseHex(hex, 2, hex.length());
  }
}
