package dev.jaga.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.config.Region;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every kind of bad token a caller might try, against a real node: all refused. */
class TokenSuiteTest {
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final Region jakarta = TestClusters.shared().node("id-jkt").region();

  @Test
  void validToken_isAccepted() throws Exception {
    assertThat(getTenant(sign(claims(b -> b), issuer.key())).getTenantId()).isEqualTo("acme-id");
  }

  @Test
  void algNone_isRefused() throws Exception {
    String payload = Base64URL.encode(claims(b -> b).toString()).toString();
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
    assertUnauthenticated(header + "." + payload + ".");
  }

  @Test
  void hmacSignedWithThePublicKey_isRefused() throws Exception {
    // The classic confusion: the verifier's public key used as an HMAC secret.
    byte[] secret = issuer.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(b -> b));
    jwt.sign(new MACSigner(secret));
    assertUnauthenticated(jwt.serialize());
  }

  @Test
  void tokenSignedByAnotherKey_isRefused() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(issuer.key().getKeyID()).generate();
    assertUnauthenticated(sign(claims(b -> b), stranger));
  }

  @Test
  void wrongIssuer_isRefused() throws Exception {
    assertUnauthenticated(sign(claims(b -> b.issuer("someone-else")), issuer.key()));
  }

  @Test
  void wrongAudience_isRefused() throws Exception {
    assertUnauthenticated(sign(claims(b -> b.audience("another-service")), issuer.key()));
  }

  @Test
  void expiredToken_isRefused() throws Exception {
    assertUnauthenticated(
        sign(claims(b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))), issuer.key()));
  }

  @Test
  void notYetValidToken_isRefused() throws Exception {
    assertUnauthenticated(
        sign(claims(b -> b.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))), issuer.key()));
  }

  @Test
  void missingOrMalformedCredentials_areRefused() throws Exception {
    for (String header : List.of("", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt", "Bearer ")) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> call(header));
      assertThat(e.getStatus().getCode()).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  @Test
  void staleAuthentication_whereFreshnessIsRequired_asksToSignInAgain() {
    String stale =
        issuer.token("budi@acme.test", Map.of("acme-id", List.of("owner")), Duration.ofHours(2));
    String fresh = issuer.token("budi@acme.test", Map.of("acme-id", List.of("owner")), Duration.ZERO);
    EraseSubjectRequest request =
        EraseSubjectRequest.newBuilder().setTenantId("acme-id").setSubjectId("u1").setDryRun(true).build();

    try (JagaClient client = issuer.client(jakarta, stale)) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> erasure(client).eraseSubject(request));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("REAUTH_REQUIRED");
    }
    try (JagaClient client = issuer.client(jakarta, fresh)) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> erasure(client).eraseSubject(request));
      assertThat(ErrorDetails.of(e).reason()).isNotEqualTo("REAUTH_REQUIRED");
    }
  }

  private static dev.jaga.api.v1.ErasureServiceGrpc.ErasureServiceBlockingStub erasure(JagaClient client) {
    return dev.jaga.api.v1.ErasureServiceGrpc.newBlockingStub(client.channel())
        .withInterceptors(client.credentials());
  }

  private void assertUnauthenticated(String token) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> getTenant(token));
    assertThat(e).as("token was accepted").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(ErrorDetails.of(e).reason()).isEqualTo("UNAUTHENTICATED");
  }

  private dev.jaga.api.v1.Tenant getTenant(String token) {
    return call("Bearer " + token);
  }

  private dev.jaga.api.v1.Tenant call(String authorization) {
    io.grpc.ManagedChannel channel = TestClusters.channel(jakarta);
    try {
      io.grpc.Metadata headers = new io.grpc.Metadata();
      if (!authorization.isEmpty()) {
        headers.put(AuthenticationInterceptor.AUTHORIZATION, authorization);
      }
      return dev.jaga.api.v1.TenantServiceGrpc.newBlockingStub(channel)
          .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
          .getTenant(GetTenantRequest.newBuilder().setTenantId("acme-id").build());
    } finally {
      channel.shutdownNow();
    }
  }

  private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(DevIssuerKey.ISSUER)
            .audience(DevIssuerKey.AUDIENCE)
            .subject("budi@acme.test")
            .claim(DevTokens.ROLES_CLAIM, Map.of("acme-id", List.of("owner")))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .claim("auth_time", now.getEpochSecond());
    return change.apply(b).build();
  }

  private static String sign(JWTClaimsSet claims, ECKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
