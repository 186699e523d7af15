package dev.jaga.server.export;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.Violations;
import dev.jaga.server.residency.RouteClassifier;
import dev.jaga.server.residency.Touch;
import dev.jaga.server.tenant.TenantIds;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/**
 * What an export touches, for residency routing: the data classes of exactly the columns that
 * would leave the database for its scope ({@link Projection#exported}), and for each streamed
 * chunk the classes of its entity's exported columns.
 */
final class ExportRouting implements RouteClassifier {
  private final RegionConfig config;
  private final ExportAccess access;

  @Inject
  ExportRouting(RegionConfig config, ExportAccess access) {
    this.config = config;
    this.access = access;
  }

  @Override
  public Touch classify(Object request) {
    if (request instanceof StreamExportRequest r) {
      return touch(r.getTenantId(), r.getScope());
    }
    if (request instanceof CreateExportRequest r) {
      return touch(r.getTenantId(), r.getScope());
    }
    throw new IllegalArgumentException("not an export request: " + request.getClass().getName());
  }

  @Override
  public Set<DataClass> contentOf(Touch touch, Object response) {
    if (!(response instanceof ExportChunk chunk) || !chunk.hasRecords()) {
      return Set.of();
    }
    String tenantId = touch.tenantId().orElseThrow();
    return config.catalog().find(chunk.getRecords().getEntity())
        .map(e -> classesOf(List.of(e), wholeTenant(tenantId, e), access.policies(tenantId)))
        // An entity this node does not know: count it against every class the export touches.
        .orElse(touch.classes());
  }

  private Touch touch(String tenantId, Scope scope) {
    TenantIds.require(tenantId);
    Violations violations = new Violations();
    ExportScope exportScope = ExportScope.of(tenantId, scope, config.catalog(), violations);
    if (!violations.isEmpty()) {
      // The service refuses it, naming every bad field of the request; until then, route it as
      // touching every class (home region only), so nothing about it is served elsewhere.
      return Touch.tenant(tenantId, EnumSet.allOf(DataClass.class));
    }
    return Touch.tenant(tenantId, classesOf(exportScope.entities(), exportScope, access.policies(tenantId)));
  }

  private static Set<DataClass> classesOf(
      List<Entity> entities, ExportScope scope, Map<DataClass, ExportPolicy> policies) {
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    for (Entity entity : entities) {
      for (ColumnRule column : Projection.exported(entity, scope, policies)) {
        classes.add(column.dataClass());
      }
    }
    return classes;
  }

  private static ExportScope wholeTenant(String tenantId, Entity entity) {
    return new ExportScope(tenantId, List.of(entity), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
