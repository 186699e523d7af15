package dev.jaga.server.requests;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.keys.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
  private static final int KEY_BYTES = 32;

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

  /**
   * Reads the key, creating it once; an existing key is never replaced (old digests would be lost).
   * A file of exactly 32 bytes is a key an earlier version wrote raw (base64 of 32 bytes is 44+).
   */
  static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file) && Files.size(file) == KEY_BYTES) {
        return Files.readAllBytes(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the subject digest key " + file + ": " + e.getMessage(), e);
    }
    return SecretFiles.readOrCreate(file, KEY_BYTES, "the subject digest key");
  }
}
