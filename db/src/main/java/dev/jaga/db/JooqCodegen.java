package dev.jaga.db;

import java.nio.file.Path;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build-time generator of the jOOQ classes for the {@code jaga} schema: it starts a throw-away
 * embedded PostgreSQL, applies the real migrations and reads the real catalog, so that row-level
 * security, triggers and PostgreSQL types are modelled exactly as they run.
 *
 * <p>Run by the server module's build in {@code generate-sources}; never by hand.
 */
public final class JooqCodegen {
  private JooqCodegen() {}

  /** Arguments: the output directory, the target package, and a work directory for the cluster. */
  public static void main(String[] args) throws Exception {
    // A build log is not the place for jOOQ's banner or Flyway's progress.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (var handler : java.util.logging.Logger.getLogger("").getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: JooqCodegen <output-dir> <package> <work-dir>");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.startTemporary(Path.of(args[2]))) {
      Migrations.migrateJaga(db.superuserDataSource());
      GenerationTool.generate(
          new Configuration()
              .withJdbc(
                  new Jdbc()
                      .withDriver("org.postgresql.Driver")
                      .withUrl(db.jdbcUrl())
                      .withUser(EmbeddedDatabase.SUPERUSER))
              .withGenerator(
                  new Generator()
                      .withDatabase(
                          new Database()
                              .withName("org.jooq.meta.postgres.PostgresDatabase")
                              .withInputSchema("jaga")
                              .withExcludes("flyway_schema_history|demo_app_schema_history"))
                      .withGenerate(
                          new Generate()
                              .withRecords(true)
                              .withPojos(false)
                              .withJavaTimeTypes(true)
                              .withGeneratedAnnotation(false))
                      .withTarget(
                          new Target().withPackageName(args[1]).withDirectory(args[0]))));
    }
  }
}
