package dev.jaga.server.keys;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The region's master key (AES-256), which wraps every tenant key of the region and never enters
 * the database. A local file in the region's {@code key_store}: base64 of 32 random bytes, readable
 * by its owner only. Losing it loses every tenant key of the region, so it is never replaced
 * automatically; a production node refuses to start without it.
 */
public final class RegionMasterKey {
  private static final int KEY_BYTES = 32;
  private static final String WHAT = "the region master key";

  private final SecretKey key;
  private final String keyId;

  private RegionMasterKey(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    this.keyId = HexFormat.of().formatHex(sha256(raw)).substring(0, 16);
  }

  /** Reads the key, creating it first if the file does not exist (dev mode). */
  public static RegionMasterKey loadOrCreate(Path file) {
    return of(file, SecretFiles.readOrCreate(file, KEY_BYTES, WHAT), true);
  }

  /** Reads an existing key; a missing or malformed file stops the node (production mode). */
  public static RegionMasterKey load(Path file) {
    return of(file, SecretFiles.read(file, KEY_BYTES, WHAT, "restore it from backup, or for a new region write 32"
        + " random bytes in base64 there (e.g. `openssl rand -base64 32 > " + file + " && chmod 600 " + file + "`)"),
        false);
  }

  private static RegionMasterKey of(Path file, byte[] raw, boolean creatable) {
    if (raw.length != KEY_BYTES) {
      throw SecretFiles.malformed(file, KEY_BYTES, WHAT, creatable);
    }
    return new RegionMasterKey(raw);
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
