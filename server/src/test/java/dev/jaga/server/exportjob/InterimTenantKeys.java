package dev.jaga.server.exportjob;

import dev.jaga.server.keys.KeyDestroyedException;
import dev.jaga.server.keys.TenantKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * DEVELOPMENT ONLY, until the keys module (envelope encryption under the region's master key) is
 * merged: each tenant's key is a random AES-256 key held in memory, and sealing is AES-GCM with a
 * random nonce and the tenant id as associated data. Keys are lost when the JVM ends.
 */
final class InterimTenantKeys implements TenantKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final java.util.Set<String> destroyed = ConcurrentHashMap.newKeySet();

  @Override
  public byte[] seal(String tenantId, byte[] plaintext) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(tenantId), new GCMParameterSpec(128, nonce));
      c.updateAAD(tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext);
      return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] open(String tenantId, byte[] sealed) throws KeyDestroyedException {
    if (destroyed.contains(tenantId) || !keys.containsKey(tenantId)) {
      throw new KeyDestroyedException(tenantId);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, keys.get(tenantId), new GCMParameterSpec(128, sealed, 0, 12));
      c.updateAAD(tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return c.doFinal(sealed, 12, sealed.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open what was sealed for " + tenantId, e);
    }
  }

  @Override
  public void destroy(String tenantId) {
    destroyed.add(tenantId);
    keys.remove(tenantId);
  }

  private SecretKey key(String tenantId) {
    if (destroyed.contains(tenantId)) {
      throw new IllegalStateException("the key of " + tenantId + " was destroyed");
    }
    return keys.computeIfAbsent(tenantId, t -> {
      try {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
