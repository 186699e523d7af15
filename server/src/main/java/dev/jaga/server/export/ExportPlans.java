package dev.jaga.server.export;

import dev.jaga.api.v1.Scope;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.Violations;
import java.time.Instant;
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
   * carries first) and the query that reads them, ordered by primary key.
   *
   * @param sql selects (primary key as text, record as a JSON object text); bind {@code parameters}
   */
  public record PlannedEntity(Entity entity, List<ColumnRule> columns, String sql, List<Object> parameters) {}

  private final RegionConfig config;
  private final PrimaryKeys primaryKeys;
  private final ExportAccess access;

  @Inject
  ExportPlans(RegionConfig config, PrimaryKeys primaryKeys, ExportAccess access) {
    this.config = config;
    this.primaryKeys = primaryKeys;
    this.access = access;
  }

  /** Plans outside a Dagger graph (tests, tools): {@code dsl} must be the runtime role's. */
  public static ExportPlans create(RegionConfig config, DSLContext dsl) {
    return new ExportPlans(config, new PrimaryKeys(dsl), new ExportAccess(config));
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
      EntityQuery query = Projection.of(entity, s, policies, primaryKeys.of(entity));
      entities.add(new PlannedEntity(
          entity, Projection.exported(entity, s, policies), query.sql(), query.parameters()));
    }
    return new Plan(tenantId, s.wholeTenant(), s.from(), s.until(), s.subjectId(), List.copyOf(entities));
  }
}
