package dev.jaga.server.keys;

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

  /** Destroys the tenant's key for good. Idempotent. */
  void destroy(String tenantId);
}
