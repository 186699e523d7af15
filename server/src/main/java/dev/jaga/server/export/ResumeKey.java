package dev.jaga.server.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's secret that signs stream-export resume tokens (HMAC-SHA-256), so a token that was
 * forged or altered — another position, totals or snapshot — is refused. It lives in the region's
 * key store beside the audit key, never in the database; every node of the region shares it.
 */
final class ResumeKey {
  private static final Logger log = LoggerFactory.getLogger(ResumeKey.class);
  static final int MAC_BYTES = 32;

  private final SecretKeySpec key;

  ResumeKey(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("a resume key needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * Reads the key, creating it first (32 random bytes, base64, owner-only) if the file does not
   * exist. Replacing it only invalidates tokens of streams in flight, which then start over.
   */
  static synchronized ResumeKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return new ResumeKey(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("resume key " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("resume key " + file + " is not 32+ base64 bytes; delete it to make a new one", e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = Files.createTempFile(
        dir, "resume-key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
      // A link never replaces: if another node of the region won the race, both use its key.
      Files.createLink(file, tmp);
      log.info("created the stream-export resume key in {}", file);
    } catch (FileAlreadyExistsException raced) {
      // The other one is read by the caller.
    } finally {
      Files.delete(tmp);
    }
  }

  byte[] mac(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code tag} is this key's MAC of {@code message}, compared in constant time. */
  boolean verify(byte[] message, byte[] tag) {
    return MessageDigest.isEqual(mac(message), tag);
  }
}
