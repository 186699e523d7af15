package dev.jaga.server.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's master key (AES-256), which wraps every tenant key of the region and never enters
 * the database. A local file in the region's {@code key_store}: base64 of 32 random bytes, readable
 * by its owner only. Losing it loses every tenant key of the region, so it is never replaced
 * automatically; a production node refuses to start without it.
 */
public final class RegionMasterKey {
  private static final Logger log = LoggerFactory.getLogger(RegionMasterKey.class);
  private static final int KEY_BYTES = 32;

  private final SecretKey key;
  private final String keyId;

  private RegionMasterKey(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    this.keyId = HexFormat.of().formatHex(sha256(raw)).substring(0, 16);
  }

  /** Reads the key, creating it first if the file does not exist (dev mode). */
  public static synchronized RegionMasterKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      byte[] raw = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(raw);
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path tmp = Files.createTempFile(
          dir, "master-key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
        // A link never replaces: if another process won the race, both use its key.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return load(file);
      } finally {
        Files.delete(tmp);
      }
      RegionMasterKey created = new RegionMasterKey(raw);
      log.info("created the region master key {} in {}", created.keyId, file);
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("master key " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads an existing key; a missing or malformed file stops the node (production mode). */
  public static RegionMasterKey load(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "the region master key " + file + " does not exist; a production node never creates it:"
              + " restore it from backup, or for a new region write 32 random bytes in base64 there"
              + " (e.g. `openssl rand -base64 32 > " + file + " && chmod 600 " + file + "`)");
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
        log.warn("the master key {} is readable by others than its owner; chmod 600 it", file);
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      } catch (IllegalArgumentException e) {
        raw = new byte[0];
      }
      if (raw.length != KEY_BYTES) {
        throw new IllegalStateException(
            "the region master key " + file + " is not 32 bytes in base64; restore it from backup");
      }
      return new RegionMasterKey(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("master key " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first 16 hex digits of the key's SHA-256, recorded beside every key it wraps. */
  public String keyId() {
    return keyId;
  }

  byte[] wrap(byte[] tenantKey, byte[] aad) {
    return Gcm.seal(key, aad, tenantKey);
  }

  byte[] unwrap(byte[] wrapped, byte[] aad) {
    return Gcm.open(key, aad, wrapped, "the wrapped tenant key");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "RegionMasterKey[" + keyId + "]";
  }
}
