package dev.jaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void of_atLeastTarget_passesOnTheTargetAndFailsBelow() {
    assertThat(Verdict.of("r", 0.8, "×", Verdict.Direction.AT_LEAST, 0.8, "").outcome())
        .isEqualTo(Verdict.Outcome.PASS);
    assertThat(Verdict.of("r", 0.79, "×", Verdict.Direction.AT_LEAST, 0.8, "").outcome())
        .isEqualTo(Verdict.Outcome.FAIL);
  }

  @Test
  void of_atMostTarget_failsAbove() {
    Verdict v = Verdict.of("heap", 64.5, "MiB", Verdict.Direction.AT_MOST, 64, "");
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(v.measuredText()).isEqualTo("+64.5 MiB");
    assertThat(v.targetText()).isEqualTo("≤ 64 MiB");
  }

  @Test
  void notMeasured_carriesNoNumber() {
    Verdict v = Verdict.notMeasured("archive", "×", Verdict.Direction.AT_LEAST, 1.2, "UNIMPLEMENTED");
    assertThat(v.measured()).isNull();
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.NOT_MEASURED);
    assertThat(v.measuredText()).isEqualTo("not measured yet");
    assertThat(v.targetText()).isEqualTo("≥ 1.20×");
  }
}
