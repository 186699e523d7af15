package dev.jaga.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints the JWTs a person acting through a service would present, signed by the dev issuer key:
 * who ({@code sub}), which roles on which tenants ({@value #ROLES_CLAIM}), and when they last
 * authenticated ({@code auth_time}, for fresh-authentication checks).
 */
public final class DevTokens {
  /** Claim holding the grants: {@code {"acme-id": ["owner"], ...}}. */
  public static final String ROLES_CLAIM = "jaga_roles";

  private DevTokens() {}

  /** What a token says. */
  public record Request(
      String user, Map<String, List<String>> roles, Duration authAge, Duration ttl) {}

  public static String mint(ECKey key, Request request, Clock clock) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(DevIssuerKey.ISSUER)
            .audience(DevIssuerKey.AUDIENCE)
            .subject(request.user())
            .claim("email", request.user())
            .claim(ROLES_CLAIM, request.roles())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(request.ttl())))
            .claim("auth_time", now.minus(request.authAge()).getEpochSecond())
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(DevIssuerKey.ALGORITHM)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the token", e);
    }
    return jwt.serialize();
  }
}
