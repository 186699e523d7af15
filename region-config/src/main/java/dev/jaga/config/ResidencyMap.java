package dev.jaga.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Answers which regions may hold a tenant's data of each class, from regions.yaml and residency.yaml together. */
public final class ResidencyMap {

  private final Residency residency;
  private final Geography geography;

  public ResidencyMap(Regions regions, Residency residency) {
    this.residency = Objects.requireNonNull(residency, "residency");
    this.geography = Geography.of(regions);
  }

  /**
   * The declared regions (active or not) a placement allows for a tenant homed in {@code homeRegion}:
   * home → {h}; country → regions in h's country; group:X → {h} ∪ group X; region:R → {h, R}; any → all.
   *
   * @throws IllegalArgumentException if {@code homeRegion} is not declared
   */
  public SortedSet<String> regionsFor(Placement placement, String homeRegion) {
    return Collections.unmodifiableSortedSet(geography.regionsFor(placement, homeRegion));
  }

  /**
   * Where raw data of class {@code c} of this tenant may be stored or processed. A rule conditioned on
   * anonymization allows only the home region for raw data: the wider placement applies to the
   * anonymized form, which is produced at home.
   */
  public SortedSet<String> allowedRegions(String tenantId, String homeRegion, DataClass c) {
    ClassRule rule = residency.rulesFor(tenantId).get(c);
    if (rule.conditions().contains(Condition.ANONYMIZED)) {
      // Still validates homeRegion, so an unknown home fails the same way whatever the class.
      geography.regionsFor(new Placement(Placement.Kind.HOME, null), homeRegion);
      return Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(homeRegion)));
    }
    return regionsFor(rule.where(), homeRegion);
  }

  /** {@link #allowedRegions(String, String, DataClass)} for every class. */
  public Map<DataClass, SortedSet<String>> allowedRegions(String tenantId, String homeRegion) {
    Map<DataClass, SortedSet<String>> out = new EnumMap<>(DataClass.class);
    for (DataClass c : DataClass.values()) {
      out.put(c, allowedRegions(tenantId, homeRegion, c));
    }
    return Collections.unmodifiableMap(out);
  }
}
