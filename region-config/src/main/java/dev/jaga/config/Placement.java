package dev.jaga.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where a data class may be stored and processed, relative to the tenant's home region. */
public record Placement(Kind kind, String target) {

  static final Pattern GROUP_NAME = Pattern.compile("^[a-z][a-z0-9-]*$");
  static final Pattern REGION_ID = Pattern.compile("^[a-z]{2}-[a-z]{3}$");

  /** The placement forms; only {@code GROUP} and {@code REGION} carry a target. */
  public enum Kind {
    /** The tenant's home region only. */
    HOME,
    /** Any declared region in the home region's country. */
    COUNTRY,
    /** The home region plus every region in a named group. */
    GROUP,
    /** The home region plus one named region. */
    REGION,
    /** Any declared region. */
    ANY
  }

  public Placement {
    Objects.requireNonNull(kind, "kind");
    boolean needsTarget = kind == Kind.GROUP || kind == Kind.REGION;
    if (needsTarget != (target != null)) {
      throw new IllegalArgumentException(kind + (needsTarget ? " needs a target" : " takes no target"));
    }
  }

  /** Parses {@code home}, {@code country}, {@code any}, {@code group:<name>} or {@code region:<id>}. */
  public static Optional<Placement> parse(String text) {
    return switch (text) {
      case "home" -> Optional.of(new Placement(Kind.HOME, null));
      case "country" -> Optional.of(new Placement(Kind.COUNTRY, null));
      case "any" -> Optional.of(new Placement(Kind.ANY, null));
      default -> parseTargeted(text);
    };
  }

  private static Optional<Placement> parseTargeted(String text) {
    if (text.startsWith("group:") && GROUP_NAME.matcher(text.substring(6)).matches()) {
      return Optional.of(new Placement(Kind.GROUP, text.substring(6)));
    }
    if (text.startsWith("region:") && REGION_ID.matcher(text.substring(7)).matches()) {
      return Optional.of(new Placement(Kind.REGION, text.substring(7)));
    }
    return Optional.empty();
  }

  /** The YAML spelling, e.g. {@code group:asean}. */
  @Override
  public String toString() {
    String kindId = EnumIds.id(kind);
    return target == null ? kindId : kindId + ":" + target;
  }
}
