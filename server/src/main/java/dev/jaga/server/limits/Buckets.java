package dev.jaga.server.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-key limiters, at most {@code capacity} of them: the least recently used is forgotten, so a
 * caller inventing keys cannot grow the map without bound.
 */
final class Buckets<T> {
  private final Map<String, T> byKey;
  private final Function<String, T> create;

  Buckets(int capacity, Function<String, T> create) {
    this.create = create;
    this.byKey =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized T of(String key) {
    return byKey.computeIfAbsent(key, create);
  }
}
