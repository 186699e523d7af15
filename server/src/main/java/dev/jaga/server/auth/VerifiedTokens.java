package dev.jaga.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims have already been verified, so that a caller sending the same
 * token on every call pays for one ECDSA verification, not one per call.
 *
 * <p>An entry is keyed by the SHA-256 of the whole compact token (header, claims and signature),
 * so a token that differs in any byte, such as a forged signature over a known token's claims,
 * misses and is verified in full; and the cache holds no usable bearer token. An entry is only
 * used within the token's own validity window (its {@code nbf} and {@code exp}, widened by the
 * configured clock skew as the full verification does) and dropped as soon as it is outside it,
 * so a token is refused from the same instant with or without the cache.
 */
final class VerifiedTokens {
  static final int MAX_ENTRIES = 10_000;

  private record Verified(Principal principal, Instant usableFrom, Instant usableUntil) {}

  private final Map<Digest, Verified> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration skew;

  VerifiedTokens(Clock clock, Duration skew) {
    this.clock = clock;
    this.skew = skew;
  }

  /** The principal of an already verified token, if it is still within its validity window. */
  Optional<Principal> find(String token) {
    Digest key = Digest.of(token);
    Verified hit = entries.get(key);
    if (hit == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // The same comparisons as the full verification: valid strictly inside the window.
    if (!now.isAfter(hit.usableFrom()) || !now.isBefore(hit.usableUntil())) {
      entries.remove(key, hit);
      return Optional.empty();
    }
    return Optional.of(hit.principal());
  }

  /** Remembers a token that has just passed full verification. */
  void remember(String token, Principal principal, Optional<Instant> notBefore, Instant expires) {
    if (entries.size() >= MAX_ENTRIES) {
      // Rarely reached (one entry per live token); starting over costs one verification each.
      entries.clear();
    }
    entries.put(
        Digest.of(token),
        new Verified(
            principal, notBefore.map(t -> t.minus(skew)).orElse(Instant.MIN), expires.plus(skew)));
  }

  /** A SHA-256 digest with value equality, as a map key. */
  private record Digest(long a, long b, long c, long d) {
    static Digest of(String token) {
      byte[] h = sha256().digest(token.getBytes(StandardCharsets.US_ASCII));
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(h);
      return new Digest(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256", e);
      }
    }
  }
}
