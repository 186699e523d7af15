package dev.jaga.server.export;

import dev.jaga.api.v1.Scope;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.Violations;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.jooq.DSLContext;

/**
 * The stream export's scope rules and catalog projection, offered to the other ways a tenant's
 * data leaves (the archive), so every way out applies the same columns, masks and scope: the one
 * public door into this package's query building, kept small so the stream's SQL can change
 * behind it.
 */
public final class ExportPlans {
  /** What to read, validated: the entities in catalog order, each with its SQL. */
  public record Plan(
      String tenantId,
      boolean wholeTenant,
      Optional<Instant> from,
      Optional<Instant> until,
      Optional<String> subjectId,
      List<PlannedEntity> entities) {}

  /**
   * One entity: the columns that leave the database (besides the tenant key, which every record
   * carries first) and how they are read ({@link #forEachRow}, in the order the table gives).
   */
  public static final class PlannedEntity {
    private final Entity entity;
    private final List<ColumnRule> columns;
    private final EntityQuery query;

    PlannedEntity(Entity entity, List<ColumnRule> columns, EntityQuery query) {
      this.entity = entity;
      this.columns = columns;
      this.query = query;
    }

    public Entity entity() {
      return entity;
    }

    public List<ColumnRule> columns() {
      return columns;
    }
  }

  /** Receives one row: its primary key as text and its record as one JSON object (UTF-8, no newline). */
  public interface RowHandler {
    void row(String key, byte[] json) throws IOException;
  }

  private final RegionConfig config;
  private final TableShapes shapes;
  private final ExportAccess access;

  @Inject
  ExportPlans(RegionConfig config, TableShapes shapes, ExportAccess access) {
    this.config = config;
    this.shapes = shapes;
    this.access = access;
  }

  /** Plans outside a Dagger graph (tests, tools): {@code dsl} must be the runtime role's. */
  public static ExportPlans create(RegionConfig config, DSLContext dsl) {
    return new ExportPlans(config, new TableShapes(dsl), new ExportAccess(config));
  }

  /** Adds a violation (field names under {@code scope.}) for every problem of the scope. */
  public void validate(String tenantId, Scope scope, Violations violations) {
    ExportScope.of(tenantId, scope, config.catalog(), violations);
  }

  /** The plan of a scope; an invalid scope throws INVALID_ARGUMENT naming its fields. */
  public Plan plan(String tenantId, Scope scope) {
    Violations violations = new Violations();
    ExportScope s = ExportScope.of(tenantId, scope, config.catalog(), violations);
    violations.throwIfAny();
    Map<DataClass, ExportPolicy> policies = access.policies(tenantId);
    List<PlannedEntity> entities = new ArrayList<>();
    for (Entity entity : s.entities()) {
      EntityQuery query = Projection.of(entity, s, policies, shapes.of(entity));
      entities.add(new PlannedEntity(entity, Projection.exported(entity, s, policies), query));
    }
    return new Plan(tenantId, s.wholeTenant(), s.from(), s.until(), s.subjectId(), List.copyOf(entities));
  }

  /**
   * Reads every row of one planned entity through the stream's binary COPY, inside the caller's
   * transaction (which must already carry the tenant's {@code jaga.tenant_id}); returns how many
   * rows. Unordered: the rows come as the table gives them, since a reader that takes them all at
   * once from one snapshot needs no order, and sorting a large tenant before its first row was most
   * of what an archive cost the database. Only a stream, which resumes after a key, reads in key
   * order.
   */
  public static long forEachRow(Connection connection, PlannedEntity planned, RowHandler handler)
      throws SQLException, IOException {
    EntityQuery query = planned.query;
    try (PreparedStatement set = connection.prepareStatement("select set_config(?, ?, true)")) {
      for (Map.Entry<String, String> setting : query.settings().entrySet()) {
        set.setString(1, setting.getKey());
        set.setString(2, setting.getValue());
        set.executeQuery().close();
      }
    }
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(query.unorderedSql());
    try {
      CopyRowDecoder decoder = query.decoder();
      JsonLines line = new JsonLines(8192);
      long rows = 0;
      for (byte[] message = copy.readFromCopy(); message != null; message = copy.readFromCopy()) {
        line.truncate(0);
        if (decoder.append(message, line)) {
          handler.row(decoder.lastKey(), Arrays.copyOf(line.array(), line.size() - 1));
          rows++;
        }
      }
      return rows;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
