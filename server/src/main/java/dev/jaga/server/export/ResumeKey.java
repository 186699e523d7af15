package dev.jaga.server.export;

import dev.jaga.server.keys.SecretFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The region's secret that signs stream-export resume tokens (HMAC-SHA-256), so a token that was
 * forged or altered — another position, totals or snapshot — is refused. It lives in the region's
 * key store beside the audit key, never in the database; every node of the region shares it.
 */
final class ResumeKey {
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
  static ResumeKey loadOrCreate(Path file) {
    return new ResumeKey(SecretFiles.readOrCreate(file, 32, "the stream-export resume key"));
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
