package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureValidationTest {
  @TempDir Path dir;

  @Test
  void load_validFixture_readsGraceDueDaysAndSweepers() throws Exception {
    ErasurePolicy erasure = new ConfigFixture(dir).load().erasure();

    assertThat(erasure.tenantDeletionGrace()).isEqualTo(Period.ofDays(30));
    assertThat(erasure.dueDays("SG")).isEqualTo(28);
    assertThat(erasure.dueDays("ID")).isEqualTo(30);
    assertThat(erasure.escalateAfterDays()).isEqualTo(25);
    assertThat(erasure.retentionSweep()).isEqualTo(Duration.ofHours(1));
    assertThat(erasure.tenantPurgeSweep()).isEqualTo(ErasurePolicy.DEFAULT.tenantPurgeSweep());
  }

  @Test
  void load_badCountryCode_namesLineAndField() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("erasure.yaml", "SG: 28", "sg: 28");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.file()).isEqualTo("erasure.yaml");
    assertThat(problem.line()).isEqualTo(fixture.lineOf("erasure.yaml", "sg: 28"));
    assertThat(problem.path()).isEqualTo("subject_requests.due_days.sg");
    assertThat(problem.message()).contains("ISO 3166-1");
  }

  @Test
  void load_escalationAfterTheShortestDeadline_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("erasure.yaml", "SG: 28", "SG: 20");

    ConfigProblem problem = fixture.onlyProblem();

    assertThat(problem.path()).isEqualTo("subject_requests.escalate_after_days");
    assertThat(problem.line()).isEqualTo(fixture.lineOf("erasure.yaml", "escalate_after_days"));
    assertThat(problem.message()).contains("shortest is 20");
  }

  @Test
  void load_badPeriodAndInterval_reportsBoth() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("erasure.yaml", "grace_period: P30D", "grace_period: 30 days")
        .replace("erasure.yaml", "retention: PT1H", "retention: hourly");

    assertThat(fixture.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("tenant_deletion.grace_period", "sweepers.retention");
  }

  @Test
  void load_typoInField_suggestsTheRightOne() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("erasure.yaml", "sweepers:", "sweeper:");

    assertThat(fixture.onlyProblem().message()).contains("did you mean 'sweepers'");
  }
}
