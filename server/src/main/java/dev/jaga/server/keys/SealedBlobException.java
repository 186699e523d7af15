package dev.jaga.server.keys;

/**
 * Sealed data that does not open: altered, truncated, or sealed for another tenant. Never a
 * reason to retry; the data is unusable.
 */
public final class SealedBlobException extends RuntimeException {
  public SealedBlobException(String message) {
    super(message);
  }
}
