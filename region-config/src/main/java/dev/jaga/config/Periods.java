package dev.jaga.config;

import java.time.DateTimeException;
import java.time.Period;
import java.util.Optional;

/** Parses the retention periods used in residency.yaml and catalog.yaml. */
final class Periods {

  static final String HINT = "use an ISO-8601 period such as P10Y, P6M or P30D";

  private Periods() {}

  /** A positive ISO-8601 period; a zero or negative period retains nothing and is taken for a mistake. */
  static Optional<Period> parsePositive(String text) {
    try {
      Period period = Period.parse(text);
      return period.isNegative() || period.isZero() ? Optional.empty() : Optional.of(period);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
