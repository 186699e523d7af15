package dev.jaga.bench;

import java.util.Locale;

/**
 * A target from the issue, checked against what this run measured. {@code measured} is null when
 * the Jaga half of the pair is not built yet: then the outcome is NOT_MEASURED, never a guess.
 */
public record Verdict(
    String claim, Double measured, String unit, Direction direction, double target, Outcome outcome,
    String detail) {

  /** Whether the measured value must reach the target or stay under it. */
  public enum Direction { AT_LEAST, AT_MOST }

  public enum Outcome { PASS, FAIL, NOT_MEASURED }

  public static Verdict of(String claim, double measured, String unit, Direction direction, double target,
      String detail) {
    boolean pass = direction == Direction.AT_LEAST ? measured >= target : measured <= target;
    return new Verdict(claim, measured, unit, direction, target, pass ? Outcome.PASS : Outcome.FAIL, detail);
  }

  public static Verdict notMeasured(String claim, String unit, Direction direction, double target, String why) {
    return new Verdict(claim, null, unit, direction, target, Outcome.NOT_MEASURED, why);
  }

  public String measuredText() {
    return measured == null ? "not measured yet" : format(measured, true);
  }

  public String targetText() {
    return (direction == Direction.AT_LEAST ? "≥ " : "≤ ") + format(target, false);
  }

  private String format(double value, boolean signed) {
    return switch (unit) {
      case "×" -> String.format(Locale.ROOT, "%.2f×", value);
      case "%" -> String.format(Locale.ROOT, "%.1f %%", value);
      default -> String.format(Locale.ROOT, signed ? "%+.1f %s" : "%.0f %s", value, unit);
    };
  }
}
