package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessValidationTest {
  @TempDir Path dir;

  @Test
  void load_validFixture_readsIssuersRolesServicesAndLimits() throws Exception {
    Access access = new ConfigFixture(dir).load().access();

    assertThat(access.issuers().get("jaga-dev").algorithm()).isEqualTo("ES256");
    assertThat(access.issuers().get("jaga-dev").jwkFile()).isEqualTo(dir.resolve("var/dev/issuer-key.json"));
    assertThat(access.freshAuthentication()).isEqualTo(Duration.ofMinutes(10));
    assertThat(access.capabilitiesOf(List.of("analyst"))).containsExactly(Capability.TENANT_READ);
    assertThat(access.capabilitiesOf(List.of("owner", "nobody")))
        .containsExactlyInAnyOrder(Capability.TENANT_READ, Capability.TENANT_EXPORT, Capability.AUDIT_READ);
    assertThat(access.services().get("crm").rolesByTenant()).containsEntry("acme-id", Set.of("analyst"));
    assertThat(access.rateLimits().principal()).isEqualTo(new Access.Rate(5, 10));
    assertThat(access.rateLimits().tenant()).isEqualTo(Access.RateLimits.DEFAULT.tenant());
  }

  @Test
  void load_symmetricAlgorithm_isRefusedWithTheReason() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("access.yaml", "algorithm: ES256", "algorithm: HS256");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.file()).isEqualTo("access.yaml");
    assertThat(problem.line()).isEqualTo(fixture.lineOf("access.yaml", "HS256"));
    assertThat(problem.path()).isEqualTo("issuers.jaga-dev.algorithm");
    assertThat(problem.message()).contains("symmetric", "ES256");
  }

  @Test
  void load_unknownCapability_namesItAndTheKnownOnes() {
    ConfigFixture fixture =
        new ConfigFixture(dir).replace("access.yaml", "[tenant:read]", "[tenant:reed]");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.path()).isEqualTo("roles.analyst[0]");
    assertThat(problem.message()).contains("unknown capability 'tenant:reed'", "tenant:export:sensitive");
  }

  @Test
  void load_serviceWithUnknownRole_isAnError() {
    ConfigFixture fixture =
        new ConfigFixture(dir).replace("access.yaml", "{ acme-id: [analyst] }", "{ acme-id: [auditor] }");

    assertThat(fixture.onlyProblem().message()).contains("unknown role 'auditor'");
  }

  @Test
  void load_productionWithoutTls_refusesToStart() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "mode: dev", "mode: production");
    for (String id : new String[] {"id-jkt", "id-sby", "sg-sin", "eu-fra"}) {
      fixture.replace("regions.yaml", "{ embedded: { dir: var/" + id + "/pg } }",
          "{ jdbc: { url: 'jdbc:postgresql://pg." + id + ":5432/app', user: jaga, password_env: DB_PW } }");
    }

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.file()).isEqualTo("access.yaml");
    assertThat(problem.message()).contains("requires tls");
  }

  @Test
  void load_badDurationAndTypo_areBothReported() {
    ConfigFixture fixture =
        new ConfigFixture(dir)
            .replace("access.yaml", "fresh_authentication: PT10M", "fresh_authentication: 10 minutes")
            .replace("access.yaml", "rate_limits:", "rate_limit:");

    assertThat(fixture.problems())
        .extracting(ConfigProblem::path)
        .contains("fresh_authentication", "rate_limit");
  }

  @Test
  void load_missingAccessFile_namesTheFile() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir);
    java.nio.file.Files.delete(dir.resolve("access.yaml"));

    assertThat(fixture.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo("access.yaml"));
  }
}
