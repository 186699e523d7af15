package dev.jaga.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jaga.config.Access;
import dev.jaga.config.RegionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Verifies bearer JWTs against the issuers of access.yaml: the issuer must be configured, the
 * signature must verify with that issuer's key under its pinned algorithm (so {@code none}, HMAC
 * or any other algorithm is refused), and {@code aud}, {@code exp} and {@code nbf} must hold.
 * A token verified once is remembered ({@link VerifiedTokens}) until its own expiry.
 */
@Singleton
public final class JwtAuthenticator {
  private static final String ROLES_CLAIM = DevTokens.ROLES_CLAIM;

  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();
  private final VerifiedTokens verified;

  /** Judges tokens by this machine's wall clock, whatever clock the node runs its business on. */
  @Inject
  public JwtAuthenticator(RegionConfig config) {
    this(config, Clock.systemUTC());
  }

  JwtAuthenticator(RegionConfig config, Clock clock) {
    Access access = config.access();
    for (Access.Issuer issuer : access.issuers().values()) {
      processors.put(issuer.issuer(), processor(issuer, access, clock));
    }
    this.verified = new VerifiedTokens(clock, Duration.ofSeconds(access.clockSkew().toSeconds()));
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      Access.Issuer issuer, Access access, Clock clock) {
    JWK key;
    try {
      key = JWK.parse(Files.readString(issuer.jwkFile(), StandardCharsets.UTF_8)).toPublicJWK();
    } catch (IOException | ParseException e) {
      throw new IllegalStateException(
          "access.yaml: issuers." + issuer.issuer() + ".jwk_file: cannot read a JWK from "
              + issuer.jwkFile() + " (" + e.getMessage() + ")", e);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.parse(issuer.algorithm()), new ImmutableJWKSet<>(new JWKSet(key))));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            issuer.audience(),
            new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
            Set.of("sub", "exp")) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) access.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /** The person the token speaks for, or why it is not accepted. */
  public Principal authenticate(String token) throws AuthenticationException {
    Optional<Principal> known = verified.find(token);
    if (known.isPresent()) {
      return known.get();
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new AuthenticationException("the bearer token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT)) {
      throw new AuthenticationException("the bearer token is not signed");
    }
    String issuer;
    try {
      issuer = Optional.ofNullable(jwt.getJWTClaimsSet().getIssuer()).orElse("");
    } catch (ParseException e) {
      throw new AuthenticationException("the bearer token's claims cannot be read");
    }
    DefaultJWTProcessor<SecurityContext> processor = processors.get(issuer);
    if (processor == null) {
      throw new AuthenticationException("the token's issuer is not trusted here");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process((SignedJWT) jwt, null);
    } catch (BadJWTException e) {
      throw new AuthenticationException("the token is not valid: " + e.getMessage());
    } catch (BadJOSEException e) {
      throw new AuthenticationException("the token's signature or algorithm is not accepted");
    } catch (JOSEException e) {
      throw new AuthenticationException("the token could not be verified");
    }
    Principal principal =
        new Principal(claims.getSubject(), Principal.Kind.PERSON, roles(claims), authTime(claims));
    verified.remember(
        token,
        principal,
        Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant),
        claims.getExpirationTime().toInstant());
    return principal;
  }

  private static Map<String, Set<String>> roles(JWTClaimsSet claims)
      throws AuthenticationException {
    Object raw = claims.getClaim(ROLES_CLAIM);
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw new AuthenticationException("the token's " + ROLES_CLAIM + " claim is not an object");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof List<?> list)
          || !list.stream().allMatch(String.class::isInstance)) {
        throw new AuthenticationException(
            "the token's " + ROLES_CLAIM + " claim must map tenant ids to lists of role names");
      }
      out.put(String.valueOf(entry.getKey()), list.stream().map(String.class::cast).toList());
    }
    return Principal.copyRoles(out);
  }

  private static Optional<Instant> authTime(JWTClaimsSet claims) throws AuthenticationException {
    Object raw = claims.getClaim("auth_time");
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof Number seconds)) {
      throw new AuthenticationException("the token's auth_time is not a number of seconds");
    }
    return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
  }
}
