package dev.jaga.config;

import java.util.Objects;
import java.util.Optional;

/** A column's data class and what happens to it on export and on a data subject's erasure. */
public record ColumnRule(
    String column, DataClass dataClass, ExportAction export, ErasureAction erase, Optional<Identifier> identifies) {

  public ColumnRule {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(dataClass, "dataClass");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(erase, "erase");
    Objects.requireNonNull(identifies, "identifies");
  }
}
