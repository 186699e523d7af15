package dev.jaga.config;

import java.nio.file.Path;
import java.util.Optional;

/** How a region reaches its PostgreSQL: an embedded cluster for development or a JDBC URL for production. */
public sealed interface DatabaseSettings {

  /** An embedded PostgreSQL whose cluster lives in {@code dataDir} (mode: dev only). */
  record Embedded(Path dataDir) implements DatabaseSettings {}

  /**
   * An external PostgreSQL. {@code user} is the restricted runtime role every query runs as; the
   * optional {@code owner} is the schema owner that migrations run as. Passwords are read at
   * start-up from the named environment variables.
   */
  record Jdbc(String url, String user, String passwordEnv, Optional<Owner> owner) implements DatabaseSettings {

    /** A runtime role only: the jaga schema is migrated by whoever holds the owner's credentials. */
    public Jdbc(String url, String user, String passwordEnv) {
      this(url, user, passwordEnv, Optional.empty());
    }
  }

  /** The role that owns (and migrates) the schema; row-level security does not restrict it. */
  record Owner(String user, String passwordEnv) {}
}
