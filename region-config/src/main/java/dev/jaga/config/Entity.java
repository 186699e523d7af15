package dev.jaga.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One tenant-owned table of the application: how rows are scoped to a tenant, a subject and a time, and its classified columns. */
public record Entity(
    String name,
    String schema,
    String table,
    String tenantKey,
    Optional<String> subjectKey,
    Optional<String> timeKey,
    Map<String, ColumnRule> columns) {

  public Entity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(tenantKey, "tenantKey");
    Objects.requireNonNull(subjectKey, "subjectKey");
    Objects.requireNonNull(timeKey, "timeKey");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** {@code schema.table}, as written in catalog.yaml. */
  public String qualifiedTable() {
    return schema + "." + table;
  }

  /** The data classes this entity's columns hold. */
  public Set<DataClass> dataClasses() {
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    columns.values().forEach(column -> classes.add(column.dataClass()));
    return Collections.unmodifiableSet(classes);
  }
}
