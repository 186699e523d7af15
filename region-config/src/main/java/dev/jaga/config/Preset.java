package dev.jaga.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A named, reusable residency pattern that places every data class. */
public record Preset(String name, String description, Map<DataClass, ClassRule> rules) {

  public Preset {
    rules = Collections.unmodifiableMap(rules.isEmpty() ? new EnumMap<>(DataClass.class) : new EnumMap<>(rules));
  }
}
