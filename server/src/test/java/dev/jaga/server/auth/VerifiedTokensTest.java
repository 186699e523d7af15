package dev.jaga.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.TestClock;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token verified once is not verified again on each call; these try to make that memory accept
 * what a full verification would refuse.
 */
class VerifiedTokensTest {
  private static final Duration TTL = Duration.ofHours(1);

  private static Path dataRoot;
  private static RegionConfig config;
  private static TestIssuer issuer;

  private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));

  @BeforeAll
  static void issuer() {
    dataRoot = TestClusters.newDataRoot();
    config = TestClusters.isolatedConfig(dataRoot);
    issuer = TestClusters.issuer(dataRoot);
  }

  @AfterAll
  static void cleanUp() {
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void aRememberedToken_isRefusedFromTheInstantItExpires() throws Exception {
    JwtAuthenticator authenticator = new JwtAuthenticator(config, clock);
    String token = mint(issuer.key(), Map.of("acme-id", List.of("owner")));
    assertThat(authenticator.authenticate(token).subject()).isEqualTo("budi@acme.test");
    assertThat(authenticator.authenticate(token).subject()).isEqualTo("budi@acme.test");

    Duration skew = config.access().clockSkew();
    clock.set(clock.instant().plus(TTL).plus(skew).minusSeconds(1));
    assertThat(authenticator.authenticate(token).subject()).isEqualTo("budi@acme.test");
    clock.set(clock.instant().plusSeconds(1));
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Expired");
  }

  @Test
  void anotherSignatureOverARememberedTokensClaims_isRefused() throws Exception {
    JwtAuthenticator authenticator = new JwtAuthenticator(config, clock);
    String genuine = mint(issuer.key(), Map.of("acme-id", List.of("owner")));
    authenticator.authenticate(genuine);

    // The very same header and claims; only the signature comes from another key.
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(issuer.key().getKeyID()).generate();
    String body = genuine.substring(0, genuine.lastIndexOf('.'));
    String forged =
        body + "." + new ECDSASigner(stranger)
            .sign(SignedJWT.parse(genuine).getHeader(), body.getBytes(StandardCharsets.US_ASCII));
    assertThat(forged).isNotEqualTo(genuine);
    assertThatThrownBy(() -> authenticator.authenticate(forged))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void eachTokenKeepsItsOwnRoles_evenForTheSamePerson() throws Exception {
    JwtAuthenticator authenticator = new JwtAuthenticator(config, clock);
    String onAcme = mint(issuer.key(), Map.of("acme-id", List.of("owner")));
    authenticator.authenticate(onAcme);
    String onSinar = mint(issuer.key(), Map.of("sinar-id", List.of("analyst")));

    Principal sinar = authenticator.authenticate(onSinar);
    assertThat(sinar.rolesOn("acme-id")).isEmpty();
    assertThat(sinar.rolesOn("sinar-id")).containsExactly("analyst");
    assertThat(authenticator.authenticate(onAcme).rolesOn("acme-id")).containsExactly("owner");
  }

  @Test
  void aRememberedToken_isRefusedBeforeItsNotBefore() throws Exception {
    JwtAuthenticator authenticator = new JwtAuthenticator(config, clock);
    String token = mint(issuer.key(), Map.of("acme-id", List.of("owner")));
    authenticator.authenticate(token);
    // A clock set back (by an operator, or NTP) past the token's nbf and the tolerated skew.
    clock.set(clock.instant().minus(config.access().clockSkew()));
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("before");
  }

  // Every token is minted at the same instant: tokens of one test differ by their jti only.
  private String mint(ECKey key, Map<String, List<String>> roles) {
    return DevTokens.mint(
        key, new DevTokens.Request("budi@acme.test", roles, Duration.ZERO, TTL), Clock.fixed(clock.instant(), ZoneOffset.UTC));
  }
}
