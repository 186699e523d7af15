package dev.jaga.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void of_hundredCalls_nearestRankPercentiles() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
    }
    Latencies l = Latencies.of(nanos, 0, 2.0, CpuMeter.Sample.UNKNOWN);
    assertThat(l.p50Millis()).isEqualTo(50.0);
    assertThat(l.p99Millis()).isEqualTo(99.0);
    assertThat(l.maxMillis()).isEqualTo(100.0);
    assertThat(l.callsPerSecond()).isEqualTo(50.0);
  }

  @Test
  void microsPerCall_unknownCpu_isNegative() {
    Latencies l = Latencies.of(new long[] {1_000_000}, 0, 1.0, CpuMeter.Sample.UNKNOWN);
    assertThat(l.microsPerCall(l.cpu().serverSeconds())).isNegative();
    assertThat(l.microsPerCall(0.5)).isEqualTo(500_000.0);
  }
}
