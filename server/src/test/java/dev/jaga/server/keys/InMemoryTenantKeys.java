package dev.jaga.server.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Test-only {@link TenantKeys}: a real AES-256-GCM key per tenant, held in memory, so that the
 * purge's crypto-shredding can be tested before the region's key store exists. Destroying a key
 * forgets it for good; opening anything sealed under it then fails.
 */
public final class InMemoryTenantKeys implements TenantKeys {
  private static final int NONCE = 12;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

  @Override
  public byte[] seal(String tenantId, byte[] plaintext) {
    if (destroyed.contains(tenantId)) {
      throw new IllegalStateException("the key of tenant " + tenantId + " was destroyed");
    }
    SecretKey key = keys.computeIfAbsent(tenantId, t -> newKey());
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      gcm.updateAAD(tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] open(String tenantId, byte[] sealed) throws KeyDestroyedException {
    SecretKey key = keys.get(tenantId);
    if (key == null) {
      throw new KeyDestroyedException(tenantId);
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE));
      gcm.updateAAD(tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return gcm.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void destroy(String tenantId) {
    destroyed.add(tenantId);
    keys.remove(tenantId);
  }

  private static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
