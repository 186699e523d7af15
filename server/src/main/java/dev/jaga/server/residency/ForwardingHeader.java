package dev.jaga.server.residency;

import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The header a forwarding node adds to the calls it forwards, and its check at the home node:
 * {@code v1.<entry region>.<epoch seconds>.<client peer, base64url>.<HMAC-SHA256, base64url>},
 * the MAC keyed with the deployment's {@link PeerKey} over the entry region, the time, the method,
 * a hash of the caller's authorization header and the client's address. A client does not hold
 * the key, so it cannot pose as a forwarding node; a captured header is bound to one method and
 * one token and expires within {@link #VALIDITY}.
 */
final class ForwardingHeader {
  static final Metadata.Key<String> KEY =
      Metadata.Key.of("x-jaga-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);
  static final Duration VALIDITY = Duration.ofSeconds(60);
  private static final String DOMAIN = "jaga.forwarded.v1";

  /** A verified forwarding: the region it came through and the client that called there. */
  record Forwarded(String entryRegion, String clientPeer) {}

  private final byte[] key;

  ForwardingHeader(PeerKey key) {
    this(key.bytes());
  }

  ForwardingHeader(byte[] key) {
    this.key = key.clone();
  }

  String sign(String entryRegion, String method, String authorization, String clientPeer, Instant now) {
    long time = now.getEpochSecond();
    String peer = b64(clientPeer.getBytes(StandardCharsets.UTF_8));
    return "v1." + entryRegion + "." + time + "." + peer + "."
        + b64(mac(entryRegion, time, method, authorization, clientPeer));
  }

  /**
   * The forwarding a header proves, or empty if it proves nothing: malformed, signed with another
   * key, for another method or token, from a region that is not a peer, or too old.
   */
  Optional<Forwarded> verify(
      String header, String method, String authorization, Set<String> peerRegions, Instant now) {
    String[] parts = header.split("\\.", -1);
    if (parts.length != 5 || !parts[0].equals("v1") || !peerRegions.contains(parts[1])) {
      return Optional.empty();
    }
    try {
      long time = Long.parseLong(parts[2]);
      String clientPeer = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
      byte[] given = Base64.getUrlDecoder().decode(parts[4]);
      byte[] expected = mac(parts[1], time, method, authorization, clientPeer);
      boolean fresh = Math.abs(now.getEpochSecond() - time) <= VALIDITY.toSeconds();
      return MessageDigest.isEqual(given, expected) && fresh
          ? Optional.of(new Forwarded(parts[1], clientPeer))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String region, long time, String method, String authorization, String clientPeer) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String tokenHash = b64(MessageDigest.getInstance("SHA-256")
          .digest((authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8)));
      String input = String.join("\n", DOMAIN, region, Long.toString(time), method, tokenHash, clientPeer);
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256 and SHA-256", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
