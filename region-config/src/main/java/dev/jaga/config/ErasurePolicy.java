package dev.jaga.config;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The typed content of erasure.yaml: the grace period before a deleted tenant is purged, the
 * deadlines of data subjects' requests per jurisdiction, and how often the sweepers run.
 *
 * @param dueDaysByCountry due days per ISO 3166-1 alpha-2 country, overriding {@code defaultDueDays}
 */
public record ErasurePolicy(
    Period tenantDeletionGrace,
    int defaultDueDays,
    Map<String, Integer> dueDaysByCountry,
    int escalateAfterDays,
    Duration retentionSweep,
    Duration requestClockSweep,
    Duration tenantPurgeSweep) {

  /** The values an erasure.yaml with no fields at all stands for. */
  public static final ErasurePolicy DEFAULT =
      new ErasurePolicy(Period.ofDays(30), 30, Map.of(), 25, Duration.ofHours(1), Duration.ofHours(1),
          Duration.ofMinutes(15));

  public ErasurePolicy {
    Objects.requireNonNull(tenantDeletionGrace, "tenantDeletionGrace");
    dueDaysByCountry = Map.copyOf(new TreeMap<>(dueDaysByCountry));
    Objects.requireNonNull(retentionSweep, "retentionSweep");
    Objects.requireNonNull(requestClockSweep, "requestClockSweep");
    Objects.requireNonNull(tenantPurgeSweep, "tenantPurgeSweep");
  }

  /** Days a subject request of a tenant homed in {@code country} may take. */
  public int dueDays(String country) {
    return dueDaysByCountry.getOrDefault(country, defaultDueDays);
  }
}
