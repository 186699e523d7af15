package dev.jaga.server.grpc;

import com.google.rpc.BadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every invalid field of a request, so the caller learns all of them at once: which
 * field, what is wrong, and what a valid value looks like.
 */
public final class Violations {
  private final List<BadRequest.FieldViolation> violations = new ArrayList<>();

  /** Records a violation when {@code value} is empty or does not match {@code pattern}. */
  public Violations matches(String field, String value, Pattern pattern, String expected) {
    if (value.isEmpty()) {
      add(field, "required; " + expected);
    } else if (!pattern.matcher(value).matches()) {
      add(field, "'" + abbreviate(value) + "' is not valid; " + expected);
    }
    return this;
  }

  /** Records a violation when {@code value} is empty or longer than {@code max} characters. */
  public Violations text(String field, String value, int max) {
    if (value.isBlank()) {
      add(field, "required; give 1 to " + max + " characters");
    } else if (value.length() > max) {
      add(field, "too long (" + value.length() + " characters); give at most " + max);
    } else if (!value.strip().equals(value) || value.chars().anyMatch(Character::isISOControl)) {
      add(field, "must not start or end with spaces or contain control characters");
    }
    return this;
  }

  public Violations add(String field, String description) {
    violations.add(JagaException.violation(field, description));
    return this;
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  /** Throws an INVALID_ARGUMENT naming every field recorded so far, if any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw JagaException.invalidFields(violations);
    }
  }

  /** Echoes a bad value back without flooding the status with it. */
  private static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }
}
