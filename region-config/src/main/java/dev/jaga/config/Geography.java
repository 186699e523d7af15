package dev.jaga.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The part of regions.yaml that placements depend on (each region's country and groups), kept apart
 * from {@link Regions} so residency.yaml can be checked even when another field of a region is broken.
 */
record Geography(Map<String, String> countries, Map<String, Set<String>> groupsOf) {

  Geography {
    countries = Collections.unmodifiableMap(new LinkedHashMap<>(countries));
    groupsOf = Collections.unmodifiableMap(new LinkedHashMap<>(groupsOf));
  }

  static Geography of(Regions regions) {
    Map<String, String> countries = new LinkedHashMap<>();
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    regions.byId().values().forEach(region -> {
      countries.put(region.id(), region.country());
      groups.put(region.id(), region.groups());
    });
    return new Geography(countries, groups);
  }

  List<String> regionIds() {
    return List.copyOf(countries.keySet());
  }

  SortedSet<String> groupNames() {
    SortedSet<String> names = new TreeSet<>();
    groupsOf.values().forEach(names::addAll);
    return names;
  }

  /** The regions a placement allows for a tenant homed in {@code home}; see {@link ResidencyMap#regionsFor}. */
  SortedSet<String> regionsFor(Placement placement, String home) {
    String homeCountry = countries.get(home);
    if (homeCountry == null) {
      throw new IllegalArgumentException(
          "unknown home region '" + home + "'; declared regions: " + String.join(", ", countries.keySet()));
    }
    SortedSet<String> out = new TreeSet<>();
    switch (placement.kind()) {
      case HOME -> out.add(home);
      case COUNTRY -> countries.forEach((id, country) -> {
        if (country.equals(homeCountry)) {
          out.add(id);
        }
      });
      case GROUP -> {
        out.add(home);
        groupsOf.forEach((id, groups) -> {
          if (groups.contains(placement.target())) {
            out.add(id);
          }
        });
      }
      case REGION -> {
        out.add(home);
        out.add(placement.target());
      }
      case ANY -> out.addAll(countries.keySet());
    }
    return out;
  }
}
