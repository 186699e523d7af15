package dev.jaga.server.export;

import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.Capability;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.auth.MethodPolicy;
import dev.jaga.server.auth.PolicyRefinements;
import dev.jaga.server.grpc.Violations;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;

/**
 * What an export request needs, from its scope: a data subject's copy needs subject:export, the
 * rest tenant:export; any entity that would let out a column of a class whose residency rule asks
 * for approval (sensitive data) also needs tenant:export:sensitive and a fresh sign-in.
 */
public final class ExportAccess implements PolicyRefinements.Refinement {
  private final RegionConfig config;

  @Inject
  ExportAccess(RegionConfig config) {
    this.config = config;
  }

  @Override
  public MethodPolicy refine(Object request, MethodPolicy declared) {
    if (!(request instanceof StreamExportRequest r)) {
      return declared;
    }
    return policyFor(r.getTenantId(), r.getScope());
  }

  /** What exporting {@code scope} of the tenant needs, for the stream and the archive alike. */
  public MethodPolicy policyFor(String tenantId, dev.jaga.api.v1.Scope requested) {
    ExportScope scope = ExportScope.of(tenantId, requested, config.catalog(), new Violations());
    Set<Capability> needs = EnumSet.of(
        scope.subjectId().isPresent() ? Capability.SUBJECT_EXPORT : Capability.TENANT_EXPORT);
    boolean sensitive = touchesApprovalClasses(scope, policies(tenantId));
    if (sensitive) {
      needs.add(Capability.TENANT_EXPORT_SENSITIVE);
    }
    return new MethodPolicy(needs, sensitive);
  }

  /** The data classes whose residency rule asks for approval that {@code scope} would let out. */
  public Set<DataClass> approvalClassesIn(ExportScope scope) {
    Map<DataClass, ExportPolicy> policies = policies(scope.tenantId());
    Set<DataClass> out = EnumSet.noneOf(DataClass.class);
    for (Entity entity : scope.entities()) {
      for (ColumnRule column : Projection.exported(entity, scope, policies)) {
        if (policies.get(column.dataClass()) == ExportPolicy.APPROVAL) {
          out.add(column.dataClass());
        }
      }
    }
    return out;
  }

  Map<DataClass, ExportPolicy> policies(String tenantId) {
    Map<DataClass, ExportPolicy> out = new java.util.EnumMap<>(DataClass.class);
    config.residency().rulesFor(tenantId).forEach((c, rule) -> out.put(c, rule.export()));
    return out;
  }

  private static boolean touchesApprovalClasses(ExportScope scope, Map<DataClass, ExportPolicy> policies) {
    for (Entity entity : scope.entities()) {
      for (ColumnRule column : Projection.exported(entity, scope, policies)) {
        if (policies.get(column.dataClass()) == ExportPolicy.APPROVAL) {
          return true;
        }
      }
    }
    return false;
  }
}
