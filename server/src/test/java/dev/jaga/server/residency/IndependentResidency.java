package dev.jaga.server.residency;

import dev.jaga.server.app.TestClusters;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * The routing rule computed from the raw YAML files of region-config/, written out plainly and
 * without any of the production code, so a routing test compares the product with a second,
 * independent reading of residency.yaml, regions.yaml and catalog.yaml.
 */
public final class IndependentResidency {
  private final Map<String, Object> regions;
  private final Map<String, Object> residency;
  private final Map<String, Object> catalog;

  public IndependentResidency() {
    Path dir = TestClusters.root().resolve("region-config");
    this.regions = map(read(dir.resolve("regions.yaml")).get("regions"));
    this.residency = read(dir.resolve("residency.yaml"));
    this.catalog = map(read(dir.resolve("catalog.yaml")).get("entities"));
  }

  /** LOCAL, FORWARD or REDIRECT for a call arriving in {@code entry}. */
  public String decision(String tenant, String home, String entry, Set<String> classes) {
    if (entry.equals(home)) {
      return "LOCAL";
    }
    Set<String> allowed = new TreeSet<>(regions.keySet());
    for (String c : classes) {
      allowed.retainAll(allowedRegions(tenant, home, c));
    }
    return allowed.contains(entry) ? "FORWARD" : "REDIRECT";
  }

  /** The classes of the columns a whole-tenant export of these entities lets out. */
  public Set<String> exportedClasses(String tenant, List<String> entities) {
    Set<String> out = new TreeSet<>();
    for (String entity : entities) {
      Map<String, Object> columns = map(map(catalog.get(entity)).get("columns"));
      for (Object column : columns.values()) {
        Map<String, Object> c = map(column);
        String dataClass = (String) c.get("class");
        boolean out1 = !"never".equals(c.get("export")) && !"secret".equals(dataClass)
            && !"never".equals(rule(tenant, dataClass).getOrDefault("export", "allow"));
        if (out1) {
          out.add(dataClass);
        }
      }
    }
    return out;
  }

  public List<String> entities() {
    return new ArrayList<>(catalog.keySet());
  }

  public Set<String> allowedRegions(String tenant, String home, String dataClass) {
    Map<String, Object> rule = rule(tenant, dataClass);
    Object conditions = rule.get("conditions");
    if (conditions instanceof List<?> list && list.contains("anonymized")) {
      return Set.of(home);
    }
    String where = (String) rule.get("where");
    Set<String> out = new TreeSet<>();
    if (where.equals("home")) {
      out.add(home);
    } else if (where.equals("country")) {
      Object country = map(regions.get(home)).get("country");
      regions.forEach((id, r) -> {
        if (map(r).get("country").equals(country)) {
          out.add(id);
        }
      });
    } else if (where.startsWith("group:")) {
      out.add(home);
      String group = where.substring("group:".length());
      regions.forEach((id, r) -> {
        if (((List<?>) map(r).get("groups")).contains(group)) {
          out.add(id);
        }
      });
    } else if (where.startsWith("region:")) {
      out.add(home);
      out.add(where.substring("region:".length()));
    } else if (where.equals("any")) {
      out.addAll(regions.keySet());
    } else {
      throw new IllegalStateException("unknown placement " + where);
    }
    return out;
  }

  /** The preset's rule for the class, with the tenant's override's fields laid over it. */
  private Map<String, Object> rule(String tenant, String dataClass) {
    Map<String, Object> tenants = map(residency.get("tenants"));
    Map<String, Object> t = tenants.containsKey(tenant) ? map(tenants.get(tenant)) : Map.of();
    String preset = (String) t.getOrDefault("preset", residency.get("default_preset"));
    Map<String, Object> rule =
        new LinkedHashMap<>(map(map(map(map(residency.get("presets")).get(preset)).get("classes")).get(dataClass)));
    Object overrides = t.get("overrides");
    if (overrides != null && map(overrides).containsKey(dataClass)) {
      rule.putAll(map(map(overrides).get(dataClass)));
    }
    return rule;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> read(Path file) {
    try (Reader in = Files.newBufferedReader(file)) {
      return new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
