package dev.jaga.server.requests;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Keyed hashes of data subjects' ids, for the rows that must recognise a subject again (a retried
 * erasure, an open request) without holding the id: HMAC-SHA256 under a 256-bit key kept in the
 * region's key_store, outside the database. Whoever copies the database cannot test candidate ids
 * against it; whoever holds the key and a subject's id can still find that subject's receipt.
 */
@Singleton
public final class SubjectDigests {
  static final String FILE = "subject-digest.key";

  private final SecretKeySpec key;

  @Inject
  public SubjectDigests(@ThisRegion Region region) {
    this(loadOrCreate(region.keyDir().resolve(FILE)));
  }

  SubjectDigests(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** HMAC-SHA256(tenant || 0 || subject): the same subject id in two tenants gives two digests. */
  public byte[] of(String tenantId, String subjectId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(tenantId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(subjectId.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /** Reads the key, creating it once; an existing key is never replaced (old digests would be lost). */
  static synchronized byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      byte[] created = new byte[32];
      new SecureRandom().nextBytes(created);
      Path tmp = Files.createTempFile(dir, "subject-digest", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, created);
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return read(file);
      } finally {
        Files.delete(tmp);
      }
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("subject digest key " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    byte[] key = Files.readAllBytes(file);
    if (key.length != 32) {
      throw new IOException("expected 32 bytes, found " + key.length);
    }
    return key;
  }
}
