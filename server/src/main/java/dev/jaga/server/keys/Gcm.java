package dev.jaga.server.keys;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce, through the JDK's cipher: {@code nonce || ciphertext ||
 * tag}. Random nonces are safe here because each key seals few messages (a tenant's passphrases,
 * the region's tenant keys), far below the 2^32 bound.
 */
final class Gcm {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Gcm() {}

  static byte[] seal(SecretKey key, byte[] aad, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(aad);
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + plaintext.length + TAG_BYTES);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e.getMessage(), e);
    }
  }

  /** The plaintext, or a {@link SealedBlobException} if the box was altered or the key or AAD differ. */
  static byte[] open(SecretKey key, byte[] aad, byte[] box, String what) {
    if (box.length < NONCE_BYTES + TAG_BYTES) {
      throw new SealedBlobException(what + " is too short to be sealed data");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, box, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealedBlobException(what + " does not open: altered, or sealed for another tenant or key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e.getMessage(), e);
    }
  }
}
