package dev.jaga.server.keys;

import org.jooq.DSLContext;

/**
 * Each tenant's own key, kept in its home region and wrapped by the region's master key
 * (envelope encryption, design §7). Secrets Jaga must hold for a tenant (an archive's passphrase)
 * are sealed under it; destroying it makes every one of them unreadable (crypto-shredding).
 */
public interface TenantKeys {
  /** Encrypts {@code plaintext} under the tenant's key, creating the key on first use. */
  byte[] seal(String tenantId, byte[] plaintext);

  /**
   * Decrypts what {@link #seal} returned for this tenant.
   *
   * @throws KeyDestroyedException when the tenant's key was destroyed
   */
  byte[] open(String tenantId, byte[] sealed) throws KeyDestroyedException;

  /**
   * As {@link #open(String, byte[])}, inside the caller's transaction {@code tx}, which must be
   * scoped to {@code tenantId}: for a caller that holds a lock there and so must not wait for a
   * second connection from the pool. Keys kept outside the database need no transaction.
   */
  default byte[] open(DSLContext tx, String tenantId, byte[] sealed) throws KeyDestroyedException {
    return open(tenantId, sealed);
  }

  /** Destroys the tenant's key for good. Idempotent. */
  void destroy(String tenantId);
}
