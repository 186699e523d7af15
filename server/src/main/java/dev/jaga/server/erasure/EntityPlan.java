package dev.jaga.server.erasure;

import dev.jaga.config.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an erasure does to one entity's rows of the subject: all of them share one fate, decided by
 * the entity's column rules (see {@link Fate}).
 *
 * @param rows the subject's rows (those whose subject key is the subject's id)
 * @param retainUntil for {@link Fate#RETAIN}, the end of the longest retention period
 * @param bases for {@link Fate#RETAIN}, every legal basis named by the entity's rules
 */
record EntityPlan(Entity entity, Fate fate, long rows, Optional<Instant> retainUntil, List<String> bases) {

  /** A row's fate. */
  enum Fate {
    /** Every column says delete: the row goes. */
    DELETE,
    /** Some column keeps or anonymizes: the row stays, its personal columns overwritten. */
    ANONYMIZE,
    /** Some column is retained by law: the row stays (anonymized where the rules say), marked until when and why. */
    RETAIN
  }
}
