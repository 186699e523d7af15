package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsValidationTest {
  @TempDir Path dir;

  @Test
  void load_validFixture_readsFieldsAndDefaultsTheRest() throws Exception {
    ExportSettings exports = new ConfigFixture(dir).load().exports();

    assertThat(exports.approval()).isEqualTo(new ExportSettings.Approval(true, 1000, 1L << 30, Set.of("analyst")));
    assertThat(exports.quotas()).isEqualTo(new ExportSettings.Quotas(10, 3, 1));
    assertThat(exports.download()).isEqualTo(new ExportSettings.Download(Duration.ofHours(2), 3));
    assertThat(exports.archiveRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(exports.job().staleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(exports.job().maxAttempts()).isEqualTo(3);
  }

  @Test
  void load_unknownRole_namesTheLineAndTheKnownRoles() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("exports.yaml", "roles: [analyst]", "roles: [anlyst]");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.file()).isEqualTo("exports.yaml");
    assertThat(problem.line()).isEqualTo(fixture.lineOf("exports.yaml", "anlyst"));
    assertThat(problem.path()).isEqualTo("approval.roles[0]");
    assertThat(problem.message()).contains("unknown role 'anlyst'", "owner");
  }

  @Test
  void load_staleAfterShorterThanThreeHeartbeats_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("exports.yaml", "stale_after: PT30S", "stale_after: PT10S");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.line()).isEqualTo(fixture.lineOf("exports.yaml", "stale_after"));
    assertThat(problem.path()).isEqualTo("job.stale_after");
    assertThat(problem.message()).contains("three heartbeat_intervals");
  }

  @Test
  void load_badDurationAndCount_reportsBoth() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("exports.yaml", "token_ttl: PT2H", "token_ttl: 2 hours")
        .replace("exports.yaml", "exports_per_user_per_day: 3", "exports_per_user_per_day: -1");

    assertThat(fixture.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("quotas.exports_per_user_per_day", "download.token_ttl");
  }

  @Test
  void load_userQuotaAboveTenantQuota_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("exports.yaml", "exports_per_user_per_day: 3", "exports_per_user_per_day: 11");

    assertThat(fixture.onlyProblem().message()).contains("cannot exceed the tenant's (10)");
  }

  @Test
  void load_unknownField_suggestsTheRightOne() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("exports.yaml", "max_rows: 1000", "max_row: 1000");

    assertThat(fixture.onlyProblem().message()).contains("did you mean 'max_rows'");
  }

  @Test
  void load_noExportsFile_takesTheDefaults() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir);
    java.nio.file.Files.delete(dir.resolve("exports.yaml"));

    assertThat(fixture.load().exports()).isEqualTo(ExportSettings.DEFAULTS);
  }

  @Test
  void load_realExportsFile_isValid() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir);
    java.nio.file.Files.copy(Path.of("exports.yaml"), dir.resolve("exports.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    fixture.replace("access.yaml", "analyst: [tenant:read]", "analyst: [tenant:read]\n  agency: [tenant:read]");

    ExportSettings exports = fixture.load().exports();

    assertThat(exports.download().tokenTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(exports.approval().roles()).containsExactly("agency");
  }
}
