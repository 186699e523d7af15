package dev.jaga.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A named place where tenant data may live, with its own database, archive store and gRPC endpoint. */
public record Region(
    String id,
    String country,
    Set<String> groups,
    boolean active,
    GrpcSettings grpc,
    DatabaseSettings database,
    Path archiveDir,
    Path keyDir) {

  public Region {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(country, "country");
    groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    Objects.requireNonNull(grpc, "grpc");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(archiveDir, "archiveDir");
    Objects.requireNonNull(keyDir, "keyDir");
  }
}
