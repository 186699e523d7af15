package dev.jaga.server.archive;

import dev.jaga.server.grpc.Violations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Reads a recipient's ASCII-armored OpenPGP public key and picks the key the archive is encrypted
 * to: one that may encrypt, is not revoked or expired, and is strong enough. The export request
 * calls {@link #validate} so that a bad key is refused with INVALID_ARGUMENT when it is given,
 * not discovered when the job runs.
 */
public final class RecipientKeys {
  /** The request field the key arrives in. */
  public static final String FIELD = "recipient_public_key";

  private static final int MAX_ARMORED_CHARS = 64 * 1024;
  private static final int MIN_RSA_BITS = 2048;

  private RecipientKeys() {}

  /** Adds a violation on {@link #FIELD} saying what is wrong with {@code armored}, if anything. */
  public static void validate(String armored, Violations violations) {
    try {
      encryptionKey(armored, Instant.now());
    } catch (IllegalArgumentException e) {
      violations.add(FIELD, e.getMessage());
    }
  }

  /**
   * The key to encrypt to: the newest valid encryption subkey (or the primary key, if it is the
   * only one that can encrypt).
   *
   * @throws IllegalArgumentException saying what is wrong and what to give instead
   */
  public static PGPPublicKey encryptionKey(String armored, Instant now) {
    if (armored == null || armored.isBlank()) {
      throw new IllegalArgumentException("required; give an ASCII-armored OpenPGP public key");
    }
    if (armored.length() > MAX_ARMORED_CHARS) {
      throw new IllegalArgumentException(
          "too long (" + armored.length() + " characters); export just the recipient's key, at most " + MAX_ARMORED_CHARS);
    }
    int blocks = armored.split("-----BEGIN PGP PUBLIC KEY BLOCK-----", -1).length - 1;
    if (blocks > 1) {
      throw new IllegalArgumentException("holds " + blocks + " key blocks; give exactly one recipient's public key");
    }
    if (blocks == 0) {
      throw new IllegalArgumentException(
          "not an ASCII-armored OpenPGP public key; give the output of `gpg --armor --export KEY_ID`"
              + " (never a private key)");
    }
    PGPPublicKeyRing ring = onlyRing(armored);
    PGPPublicKey chosen = null;
    String problem = "the key has no key that may encrypt; add an encryption subkey (gpg --quick-add-key)";
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey key = it.next();
      if (!key.isEncryptionKey()) {
        continue;
      }
      String why = unusable(key, ring.getPublicKey(), now);
      if (why != null) {
        problem = why;
      } else if (chosen == null || key.getCreationTime().after(chosen.getCreationTime())) {
        chosen = key;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(problem);
    }
    return chosen;
  }

  private static PGPPublicKeyRing onlyRing(String armored) {
    PGPPublicKeyRingCollection rings;
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new IllegalArgumentException(
          "could not be read as an OpenPGP public key (damaged armor or not a public key block);"
              + " give the output of `gpg --armor --export KEY_ID`");
    }
    if (rings.size() != 1) {
      throw new IllegalArgumentException("holds " + rings.size() + " keys; give exactly one recipient's public key");
    }
    return rings.getKeyRings().next();
  }

  private static String unusable(PGPPublicKey key, PGPPublicKey primary, Instant now) {
    if (key.hasRevocation() || primary.hasRevocation()) {
      return "the key is revoked; give a current key";
    }
    for (PGPPublicKey k : new PGPPublicKey[] {key, primary}) {
      long valid = k.getValidSeconds();
      if (valid > 0 && k.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
        return "the key expired; extend it (gpg --quick-set-expire) or give a current key";
      }
    }
    int algorithm = key.getAlgorithm();
    boolean rsa = algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_ENCRYPT;
    if (rsa && key.getBitStrength() < MIN_RSA_BITS) {
      return "the RSA key has " + key.getBitStrength() + " bits; give one of at least " + MIN_RSA_BITS;
    }
    if (!rsa && algorithm != PublicKeyAlgorithmTags.ECDH && algorithm != PublicKeyAlgorithmTags.X25519
        && algorithm != PublicKeyAlgorithmTags.X448 && algorithm != PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT) {
      return "its encryption algorithm (" + algorithm + ") is not supported; give an RSA or Curve25519 key";
    }
    return null;
  }
}
