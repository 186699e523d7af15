package dev.jaga.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed content of access.yaml: who may call (JWT issuers, mTLS service identities), what
 * each role may do, how fresh an authentication must be, the rate limits, and the TLS material.
 */
public record Access(
    Map<String, Issuer> issuers,
    Duration freshAuthentication,
    Duration clockSkew,
    Map<String, Set<Capability>> roles,
    Map<String, ServiceIdentity> services,
    RateLimits rateLimits,
    Optional<Tls> tls) {

  /**
   * A trusted token issuer. Its algorithm is pinned: a token signed any other way is refused.
   *
   * @param jwkFile the issuer's public key as a JWK (a private JWK's public half is used)
   */
  public record Issuer(String issuer, String audience, String algorithm, Path jwkFile) {}

  /**
   * A calling service known by its client certificate.
   *
   * @param subject the certificate's subject distinguished name, e.g. {@code CN=crm,O=Acme}
   * @param rolesByTenant roles the service holds when it calls without a person's token
   */
  public record ServiceIdentity(
      String subject, String principal, Map<String, Set<String>> rolesByTenant) {}

  /** A token bucket: a steady rate and the burst allowed above it. */
  public record Rate(int perSecond, int burst) {}

  /** Request rates per principal and per tenant, and concurrent streaming exports per tenant. */
  public record RateLimits(Rate principal, Rate tenant, int streamExportsPerTenant) {
    public static final RateLimits DEFAULT =
        new RateLimits(new Rate(50, 100), new Rate(200, 400), 2);
  }

  /**
   * The node's TLS material; a client CA turns on mutual TLS (client certificates optional, mapped
   * to services when presented).
   */
  public record Tls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {}

  /** The capabilities of a set of roles. */
  public Set<Capability> capabilitiesOf(java.util.Collection<String> roleNames) {
    java.util.EnumSet<Capability> out = java.util.EnumSet.noneOf(Capability.class);
    for (String role : roleNames) {
      out.addAll(roles.getOrDefault(role, Set.of()));
    }
    return out;
  }
}
