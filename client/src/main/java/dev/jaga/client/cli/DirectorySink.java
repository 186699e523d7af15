package dev.jaga.client.cli;

import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.export.ExportCheckpoint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
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
          Files.newDirectoryStream(dir, "{*.jsonl,summary.json,summary.json.partial,export.state,export.state.partial}")) {
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

  /**
   * Reopens an interrupted export in {@code dir} to continue after {@code checkpoint}: each entity
   * file is cut back to the bytes the checkpoint counted (a batch written after the last saved
   * state is written again), files of entities not reached yet are removed.
   */
  static DirectorySink reopen(Path dir, ExportCheckpoint checkpoint) throws IOException {
    Map<String, Long> kept = new LinkedHashMap<>();
    checkpoint.received().forEach(t -> kept.put(fileName(t.getEntity()), t.getBytes()));
    DirectorySink sink = new DirectorySink(dir);
    for (Path file : previousExport(dir)) {
      String name = file.getFileName().toString();
      if (name.startsWith(ExportStateFile.NAME)) {
        continue;
      }
      Long bytes = kept.get(name);
      if (bytes == null) {
        Files.delete(file);
      } else if (Files.size(file) < bytes) {
        throw new IOException(file + " is shorter than the saved state says; start the export again with --force");
      } else {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(bytes);
        }
      }
    }
    for (EntityTotal t : checkpoint.received()) {
      Path file = dir.resolve(fileName(t.getEntity()));
      if (!Files.exists(file)) {
        throw new IOException(file + " is missing; start the export again with --force");
      }
      sink.files.put(t.getEntity(), new BufferedOutputStream(
          Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND), 1 << 16));
    }
    return sink;
  }

  /** Pushes what was written to the files, then saves the state that counts it (in that order). */
  @Override
  public void checkpoint(StreamExportRequest request, ExportCheckpoint checkpoint) throws IOException {
    for (OutputStream out : files.values()) {
      out.flush();
    }
    new ExportStateFile(request, checkpoint).save(dir);
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
    Files.deleteIfExists(ExportStateFile.path(dir));
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
