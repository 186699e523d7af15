package dev.jaga.config;

import java.nio.file.Path;

/** How a region reaches its PostgreSQL: an embedded cluster for development or a JDBC URL for production. */
public sealed interface DatabaseSettings {

  /** An embedded PostgreSQL whose cluster lives in {@code dataDir} (mode: dev only). */
  record Embedded(Path dataDir) implements DatabaseSettings {}

  /** An external PostgreSQL; the password is read at start-up from the environment variable {@code passwordEnv}. */
  record Jdbc(String url, String user, String passwordEnv) implements DatabaseSettings {}
}
