package dev.jaga.config;

import java.util.Objects;
import java.util.Optional;

/** What an export does with a column: include it, mask it, or never write it. */
public sealed interface ExportAction {

  /** The column is exported as stored. */
  record Include() implements ExportAction {
    @Override
    public String toString() {
      return "include";
    }
  }

  /** The column is exported in masked form. */
  record Mask(MaskKind how) implements ExportAction {
    public Mask {
      Objects.requireNonNull(how, "how");
    }

    @Override
    public String toString() {
      return "mask:" + how.id();
    }
  }

  /** The column is never exported. */
  record Never() implements ExportAction {
    @Override
    public String toString() {
      return "never";
    }
  }

  /** Parses {@code include}, {@code never} or {@code mask:<last4|email-domain|hash|redact|year>}. */
  static Optional<ExportAction> parse(String text) {
    return switch (text) {
      case "include" -> Optional.of(new Include());
      case "never" -> Optional.of(new Never());
      default -> text.startsWith("mask:")
          ? MaskKind.fromId(text.substring(5)).map(Mask::new)
          : Optional.empty();
    };
  }
}
