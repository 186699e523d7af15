package dev.jaga.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited call (or event kind such as {@code export.downloaded}) as it enters the region's
 * chain, with the canonical encoding its hash is computed from.
 *
 * <p>Values are normalised on construction so that what is hashed is exactly what PostgreSQL
 * stores and gives back: time to microseconds, NUL and lone surrogates replaced, texts capped at
 * {@value #MAX_TEXT} characters. A client-controlled value (a request id, a token's subject) can
 * therefore never make a batch's insert fail and take other callers' events down with it.
 *
 * @param scope a short summary of what the call touched; never personal data values
 * @param status the gRPC code name the call ended with, e.g. {@code OK}
 * @param reason the {@code google.rpc.ErrorInfo} reason, or empty
 */
public record AuditEvent(
    Instant time,
    String region,
    String actor,
    Optional<String> tenantId,
    String method,
    String scope,
    Decision decision,
    String status,
    String reason,
    Routing routing,
    String peer,
    String requestId,
    String traceId) {

  /** Whether a call was let through. */
  public enum Decision {
    ALLOWED,
    DENIED
  }

  /** Where a call was served, relative to the node that received it. */
  public enum Routing {
    LOCAL,
    FORWARD,
    REDIRECT
  }

  /** Longest text kept per field; longer values are cut and marked as cut. */
  public static final int MAX_TEXT = 2048;

  /** The previous hash of the first event of a chain. */
  static final byte[] GENESIS = new byte[32];

  /**
   * Versions the encoding, so that no layout can be read as another: v1 covers actor and peer
   * themselves (events written before stripping existed), v2 covers their salted commitment.
   */
  private static final String ENCODING_V1 = "jaga.audit.event.v1";

  private static final String ENCODING_V2 = "jaga.audit.event.v2";

  /** Separates the commitment's hash from every other SHA-256 this project computes. */
  private static final String COMMITMENT = "jaga.audit.personal.v1";

  /** Bytes of the random per-event salt a commitment is made with. */
  public static final int SALT_BYTES = 16;

  /** What a stripped event holds in place of its actor and its peer. */
  public static final String ERASED = "(erased)";

  public AuditEvent {
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
    region = storable(region, "region");
    actor = storable(actor, "actor");
    tenantId = Objects.requireNonNull(tenantId, "tenantId").map(t -> storable(t, "tenantId"));
    method = storable(method, "method");
    scope = storable(scope, "scope");
    Objects.requireNonNull(decision, "decision");
    status = storable(status, "status");
    reason = storable(reason, "reason");
    Objects.requireNonNull(routing, "routing");
    peer = storable(peer, "peer");
    requestId = storable(requestId, "requestId");
    traceId = storable(traceId, "traceId");
  }

  /**
   * The v1 bytes this event is hashed from at {@code sequence} after {@code prevHash}: every field
   * in a fixed order, each prefixed with its length (or, for the optional tenant, a presence byte),
   * so that no two different events share an encoding.
   */
  public byte[] canonical(long sequence, byte[] prevHash) {
    return encode(ENCODING_V1, sequence, prevHash, null);
  }

  /**
   * The v2 bytes: as v1, but with {@code commitment} (see {@link #commitment}) in place of actor
   * and peer, so that the two can later be erased without breaking the chain.
   */
  public byte[] canonical(long sequence, byte[] prevHash, byte[] commitment) {
    return encode(ENCODING_V2, sequence, prevHash, Objects.requireNonNull(commitment, "commitment"));
  }

  /** {@code SHA-256(prevHash || canonical(sequence, prevHash))}: a v1 event's link in the chain. */
  public byte[] hash(long sequence, byte[] prevHash) {
    return link(prevHash, canonical(sequence, prevHash));
  }

  /** A v2 event's link in the chain: {@code SHA-256(prevHash || canonical v2)}. */
  public byte[] hash(long sequence, byte[] prevHash, byte[] commitment) {
    return link(prevHash, canonical(sequence, prevHash, commitment));
  }

  /**
   * {@code SHA-256(label || salt || actor || peer)}, each length-prefixed: binds the personal
   * fields without revealing them, and with a secret random salt per event no dictionary of
   * e-mails or addresses can find them from it.
   */
  public byte[] commitment(byte[] salt) {
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException("a salt has " + SALT_BYTES + " bytes");
    }
    Canonical out = new Canonical();
    out.text(COMMITMENT);
    out.bytes(salt);
    out.text(actor);
    out.text(peer);
    return sha256().digest(out.toByteArray());
  }

  private byte[] encode(String encoding, long sequence, byte[] prevHash, byte[] commitment) {
    Canonical out = new Canonical();
    out.text(encoding);
    out.int64(sequence);
    out.bytes(prevHash);
    out.int64(micros(time));
    out.text(region);
    if (commitment == null) {
      out.text(actor);
    } else {
      out.bytes(commitment);
    }
    out.optional(tenantId);
    out.text(method);
    out.text(scope);
    out.text(decision.name());
    out.text(status);
    out.text(reason);
    out.text(routing.name());
    if (commitment == null) {
      out.text(peer);
    }
    out.text(requestId);
    out.text(traceId);
    return out.toByteArray();
  }

  private static byte[] link(byte[] prevHash, byte[] canonical) {
    MessageDigest sha256 = sha256();
    sha256.update(prevHash);
    sha256.update(canonical);
    return sha256.digest();
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String storable(String value, String field) {
    Objects.requireNonNull(value, field);
    StringBuilder clean = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean lone =
          Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                      && i + 1 < value.length()
                      && Character.isLowSurrogate(value.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(value.charAt(i - 1)));
      // PostgreSQL text cannot hold NUL, and a lone surrogate has no UTF-8 form to hash.
      if (c == '\0' || lone) {
        if (clean == null) {
          clean = new StringBuilder(value.substring(0, i));
        }
        clean.append('\uFFFD');
      } else if (clean != null) {
        clean.append(c);
      }
    }
    String result = clean == null ? value : clean.toString();
    if (result.length() <= MAX_TEXT) {
      return result;
    }
    // The marker (at most 31 characters) keeps the result within MAX_TEXT, so normalising twice
    // changes nothing: an event read back hashes as it was written.
    int cut = MAX_TEXT - 32;
    if (Character.isHighSurrogate(result.charAt(cut - 1))) {
      cut--;
    }
    return result.substring(0, cut) + "...[" + (result.length() - cut) + " more characters]";
  }

  /** Length-prefixed, big-endian field writer. */
  static final class Canonical {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    void int64(long value) {
      out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
    }

    void bytes(byte[] value) {
      out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
      out.writeBytes(value);
    }

    void text(String value) {
      bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    void optional(Optional<String> value) {
      out.write(value.isPresent() ? 1 : 0);
      value.ifPresent(this::text);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
