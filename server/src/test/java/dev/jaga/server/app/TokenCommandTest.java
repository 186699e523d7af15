package dev.jaga.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jaga.server.auth.DevIssuerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
  @TempDir Path dir;

  @Test
  void token_withGrants_isSignedByTheDevKeyAndCarriesTheClaims() throws Exception {
    Path key = dir.resolve("issuer-key.json");
    Result result =
        run(
            "token", "--user", "agus@kreatif-agency.id", "--grant", "acme-id:agency",
            "--grant", "sinar-id:agency", "--auth-age", "10m", "--ttl", "2h", "--key", key.toString());

    assertThat(result.exit()).isZero();
    SignedJWT jwt = SignedJWT.parse(result.out().strip());
    ECKey issuer = DevIssuerKey.loadOrCreate(key);
    assertThat(jwt.verify(new ECDSAVerifier(issuer.toPublicJWK()))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(DevIssuerKey.ISSUER);
    assertThat(claims.getAudience()).containsExactly(DevIssuerKey.AUDIENCE);
    assertThat(claims.getSubject()).isEqualTo("agus@kreatif-agency.id");
    assertThat(claims.getJSONObjectClaim("jaga_roles"))
        .isEqualTo(Map.of("acme-id", List.of("agency"), "sinar-id", List.of("agency")));
    long authTime = claims.getLongClaim("auth_time");
    assertThat(Instant.ofEpochSecond(authTime))
        .isBetween(Instant.now().minusSeconds(660), Instant.now().minusSeconds(540));
    assertThat(claims.getExpirationTime().toInstant())
        .isBetween(Instant.now().plusSeconds(7100), Instant.now().plusSeconds(7300));
    assertThat(Files.getPosixFilePermissions(key)).hasSize(2);
  }

  @Test
  void token_secondCall_usesTheSameKey() throws Exception {
    Path key = dir.resolve("issuer-key.json");
    String first = run("token", "--user", "a@b.id", "--grant", "acme-id:owner", "--key", key.toString()).out();
    String second = run("token", "--user", "a@b.id", "--grant", "acme-id:owner", "--key", key.toString()).out();

    ECKey issuer = DevIssuerKey.loadOrCreate(key);
    assertThat(SignedJWT.parse(first.strip()).verify(new ECDSAVerifier(issuer.toPublicJWK()))).isTrue();
    assertThat(SignedJWT.parse(second.strip()).verify(new ECDSAVerifier(issuer.toPublicJWK()))).isTrue();
  }

  @Test
  void token_badArguments_areAllReportedAndNothingIsPrinted() {
    Result result =
        run("token", "--user", "not-an-email", "--grant", "Acme:owner", "--ttl", "soon",
            "--key", dir.resolve("k.json").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("--user", "--grant 'Acme:owner'", "--ttl 'soon'");
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true));
      System.setErr(new PrintStream(err, true));
      int exit = new CommandLine(new JagaServerMain()).execute(args);
      return new Result(exit, out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
