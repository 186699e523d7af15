package dev.jaga.server.exportjob;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The region's archive store (regions.yaml {@code archive_store}), shared by the region's nodes.
 * A job writes under {@code partial/}, named by export and lease; only a complete archive is
 * moved (atomically) to {@code ready/<tenant>/<export>.zip.gpg}, the one place downloads read.
 */
@Singleton
final class ArchiveStore {
  private static final Pattern ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

  private final Path root;

  @Inject
  ArchiveStore(@ThisRegion Region region) {
    this.root = region.archiveDir().toAbsolutePath().normalize();
  }

  /** Where one attempt writes; nothing reads it but that attempt. */
  Path partial(String exportId, String leaseId) {
    return directory(root.resolve("partial")).resolve(check(exportId) + "-" + check(leaseId) + ".part");
  }

  /** The complete archive's path relative to the store, as jaga.exports records it. */
  static String readyPath(String tenantId, String exportId) {
    if (!TENANT.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("not a tenant id: " + tenantId);
    }
    return "ready/" + tenantId + "/" + check(exportId) + ".zip.gpg";
  }

  Path resolve(String relative) {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("archive path outside the store: " + relative);
    }
    return p;
  }

  /** Moves a finished attempt's file into place, replacing what a lost attempt may have left. */
  void publish(Path partial, String relative) throws IOException {
    Path target = resolve(relative);
    directory(target.getParent());
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Deletes what every earlier attempt of this export left under partial/ (a job re-runs from scratch). */
  void discardPartials(String exportId) {
    Path dir = directory(root.resolve("partial"));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, check(exportId) + "-*.part")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes every archive of a tenant ({@code ready/<tenant>/}); nothing if there is none. */
  void deleteTenant(String tenantId) throws IOException {
    if (!TENANT.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("not a tenant id: " + tenantId);
    }
    Path dir = resolve("ready/" + tenantId);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  void delete(String relative) throws IOException {
    Files.deleteIfExists(resolve(relative));
  }

  private static String check(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a 128-bit hex id: " + id);
    }
    return id;
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
