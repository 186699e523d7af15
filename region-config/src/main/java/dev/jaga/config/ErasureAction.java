package dev.jaga.config;

import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/** What erasing a data subject does to a column: delete the row, keep it, anonymize it, or retain it for a legal reason. */
public sealed interface ErasureAction {

  /** The subject's rows are deleted. */
  record Delete() implements ErasureAction {
    @Override
    public String toString() {
      return "delete";
    }
  }

  /** The value stays as it is (only for data that does not identify the subject). */
  record Keep() implements ErasureAction {
    @Override
    public String toString() {
      return "keep";
    }
  }

  /** The value is overwritten so the row no longer identifies the subject; references stay intact. */
  record Anonymize(AnonymizeKind how) implements ErasureAction {
    public Anonymize {
      Objects.requireNonNull(how, "how");
    }

    @Override
    public String toString() {
      return "anonymize:" + how.id();
    }
  }

  /** The value is kept for {@code period} because {@code basis} (a law, a contract) requires it. */
  record Retain(Period period, String basis) implements ErasureAction {
    public Retain {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(basis, "basis");
    }

    @Override
    public String toString() {
      return "retain:" + period + ":" + basis;
    }
  }

  /**
   * Parses {@code delete}, {@code keep}, {@code anonymize:<hash|null|redact|deleted-user>} or
   * {@code retain:<ISO-8601 period>:<basis>}; the basis is the rest of the text and may contain colons.
   */
  static Optional<ErasureAction> parse(String text) {
    return switch (text) {
      case "delete" -> Optional.of(new Delete());
      case "keep" -> Optional.of(new Keep());
      default -> {
        if (text.startsWith("anonymize:")) {
          yield AnonymizeKind.fromId(text.substring(10)).map(Anonymize::new);
        }
        yield text.startsWith("retain:") ? parseRetain(text.substring(7)) : Optional.empty();
      }
    };
  }

  private static Optional<ErasureAction> parseRetain(String rest) {
    int colon = rest.indexOf(':');
    if (colon < 0 || rest.substring(colon + 1).isBlank()) {
      return Optional.empty();
    }
    return Periods.parsePositive(rest.substring(0, colon))
        .map(period -> new Retain(period, rest.substring(colon + 1).strip()));
  }
}
