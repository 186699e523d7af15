package dev.jaga.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Maps enum constants to their YAML spelling (lower case, hyphens for underscores) and back. */
final class EnumIds {

  private EnumIds() {}

  static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> Optional<E> fromId(Class<E> type, String id) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> id(e).equals(id)).findFirst();
  }

  /** The accepted spellings, comma separated, for error messages. */
  static <E extends Enum<E>> String list(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(EnumIds::id).collect(Collectors.joining(", "));
  }
}
