package dev.jaga.server.keys;

/** The tenant's key no longer exists, so nothing sealed under it can be opened. */
public final class KeyDestroyedException extends Exception {
  public KeyDestroyedException(String tenantId) {
    super("the key of tenant " + tenantId + " was destroyed");
  }
}
