package dev.jaga.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The typed content of regions.yaml: the deployment mode and every declared region, in file order. */
public record Regions(Mode mode, Map<String, Region> byId) {

  public Regions {
    byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
  }

  public Optional<Region> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The region with this id; a caller holding an id from elsewhere gets a message naming the declared ones. */
  public Region require(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException(
        "unknown region '" + id + "'; declared regions: " + String.join(", ", byId.keySet())));
  }

  /** Regions that a node of this deployment may run, in file order. */
  public List<Region> active() {
    return byId.values().stream().filter(Region::active).toList();
  }

  /** Every group named by any declared region, sorted. */
  public Set<String> groups() {
    SortedSet<String> groups = new TreeSet<>();
    byId.values().forEach(region -> groups.addAll(region.groups()));
    return Collections.unmodifiableSortedSet(groups);
  }
}
