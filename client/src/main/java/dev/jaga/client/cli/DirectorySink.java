package dev.jaga.client.cli;

import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.RecordBatch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An export written into a directory: one {@code <entity>.jsonl} per entity as batches arrive, and
 * {@code summary.json} last, only once the stream verified, so its presence marks the files
 * complete.
 */
final class DirectorySink implements RecordSink {
  static final String SUMMARY = "summary.json";
  // Entity names come from the server and become file names: nothing that could leave the
  // directory or hide a file.
  private static final Pattern SAFE_ENTITY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

  private final Path dir;
  private final Map<String, OutputStream> files = new LinkedHashMap<>();

  private DirectorySink(Path dir) {
    this.dir = dir;
  }

  /** What a previous export left in {@code dir}: its entity files and its summary. */
  static List<Path> previousExport(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(dir, "{*.jsonl,summary.json,summary.json.partial}")) {
        entries.forEach(found::add);
      }
    }
    found.sort(null);
    return found;
  }

  /**
   * Opens {@code dir}, creating it if needed, after removing a previous export's files; the caller
   * decides whether that is allowed (--force).
   */
  static DirectorySink open(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Path old : previousExport(dir)) {
      Files.delete(old);
    }
    return new DirectorySink(dir);
  }

  @Override
  public void write(RecordBatch batch) throws IOException {
    OutputStream out = files.get(batch.getEntity());
    if (out == null) {
      out = create(batch.getEntity());
    }
    batch.getJsonl().writeTo(out);
  }

  @Override
  public void finish(ExportReport report) throws IOException {
    // An entity in scope with no rows still gets its (empty) file, so a reader finds every one.
    for (EntityTotal total : report.summary().getTotalsList()) {
      if (!files.containsKey(total.getEntity())) {
        create(total.getEntity());
      }
    }
    close();
    Path partial = dir.resolve(SUMMARY + ".partial");
    Files.writeString(partial, report.json());
    Files.move(partial, dir.resolve(SUMMARY), StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (OutputStream out : files.values()) {
      try {
        out.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    files.clear();
    if (first != null) {
      throw first;
    }
  }

  static String fileName(String entity) {
    return entity + ".jsonl";
  }

  private OutputStream create(String entity) throws IOException {
    if (!SAFE_ENTITY.matcher(entity).matches()) {
      throw new IOException("the server sent an entity name unfit for a file name: " + entity);
    }
    OutputStream out =
        new BufferedOutputStream(
            Files.newOutputStream(
                dir.resolve(fileName(entity)),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE),
            1 << 16);
    files.put(entity, out);
    return out;
  }
}
