package dev.jaga.config;

import java.time.Period;
import java.util.Objects;

/** How long data must be kept, and the legal basis that requires it. */
public record Retention(Period period, String basis) {

  public Retention {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(basis, "basis");
  }
}
