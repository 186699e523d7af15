package dev.jaga.server.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one recipe for a node's secret key files: random bytes in base64, in a file readable by its
 * owner only (0600) in a directory of its owner only (0700), never in the database. A file is
 * created by writing a temporary file and hard-linking it into place: a link never replaces, so
 * nodes racing to create the same key all end up with the winner's. An existing file is never
 * replaced; whoever cannot read it is told which file is wrong and what to do.
 */
public final class SecretFiles {
  private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

  private SecretFiles() {}

  /**
   * Reads the secret in {@code file}, first creating it with {@code bytes} random bytes if it does
   * not exist (dev mode, or secrets that may be made on first use). {@code what} names it in
   * messages, e.g. "the region master key".
   */
  public static synchronized byte[] readOrCreate(Path file, int bytes, String what) {
    try {
      if (!Files.exists(file)) {
        byte[] created = new byte[bytes];
        new SecureRandom().nextBytes(created);
        if (createOnce(file, Base64.getEncoder().encodeToString(created) + "\n")) {
          log.info("created {} in {}", what, file);
          return created;
        }
      }
      return decode(file, bytes, what, true);
    } catch (IOException e) {
      throw new UncheckedIOException(what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the secret in {@code file}, which must already exist (production): a missing file stops
   * the node with {@code whatToDo} (how an operator installs it).
   */
  public static byte[] read(Path file, int bytes, String what, String whatToDo) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          what + " " + file + " does not exist; a production node never creates it: " + whatToDo);
    }
    try {
      return decode(file, bytes, what, false);
    } catch (IOException e) {
      throw new UncheckedIOException(
          what + " " + file + " cannot be read (" + e.getMessage() + "); " + whatToDo, e);
    }
  }

  /**
   * Creates {@code file} with {@code content} (owner-only, in an owner-only directory made if
   * missing) unless it exists. True if this call created it; false if it already existed or
   * another process created it first — then the caller reads theirs.
   */
  public static boolean createOnce(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.createLink(file.toAbsolutePath(), tmp);
      return true;
    } catch (FileAlreadyExistsException raced) {
      return false;
    } finally {
      Files.delete(tmp);
    }
  }

  /** Warns (once per read) when {@code file} is readable by others than its owner. */
  public static void warnIfShared(Path file, String what) throws IOException {
    if (Files.getPosixFilePermissions(file).stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
      log.warn("{} {} is readable by others than its owner; chmod 600 it", what, file);
    }
  }

  private static byte[] decode(Path file, int bytes, String what, boolean creatable) throws IOException {
    warnIfShared(file, what);
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).strip());
    } catch (IllegalArgumentException e) {
      secret = new byte[0];
    }
    if (secret.length < bytes) {
      throw malformed(file, bytes, what, creatable);
    }
    return secret;
  }

  /** A file that does not hold the secret: named, never replaced, and what to do about it. */
  static IllegalStateException malformed(Path file, int bytes, String what, boolean creatable) {
    return new IllegalStateException(
        what + " " + file + " is not " + bytes + " bytes in base64; restore it from backup"
            + (creatable ? ", or delete it and a new one is made (losing what the old one protects)" : ""));
  }
}
