package dev.jaga.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The typed content of catalog.yaml: the application's tenant-owned entities, in file order. */
public record Catalog(Map<String, Entity> entities) {

  public Catalog {
    entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
  }

  public Optional<Entity> find(String name) {
    return Optional.ofNullable(entities.get(name));
  }
}
