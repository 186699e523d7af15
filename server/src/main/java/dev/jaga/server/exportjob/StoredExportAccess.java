package dev.jaga.server.exportjob;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.config.Capability;
import dev.jaga.server.auth.MethodPolicies;
import dev.jaga.server.auth.MethodPolicy;
import dev.jaga.server.auth.PolicyRefinements;
import dev.jaga.server.export.ExportAccess;
import dev.jaga.server.tenant.TenantIds;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/**
 * What an archive export call needs, from the export's scope, exactly as a stream of that scope
 * would: subject:export for a data subject's copy, else tenant:export, plus
 * tenant:export:sensitive and a fresh sign-in when sensitive classes are let out. For calls on an
 * existing export the scope is the stored one, so a key reveal or a download re-checks at that
 * moment what the request needed; those two always need a fresh sign-in.
 */
final class StoredExportAccess implements PolicyRefinements.Refinement {
  /** Which calls this refines, and how. */
  enum Kind {
    CREATE,
    VIEW,
    FETCH
  }

  private final ExportAccess access;
  private final ExportRepository repository;
  private final Kind kind;

  StoredExportAccess(ExportAccess access, ExportRepository repository, Kind kind) {
    this.access = access;
    this.repository = repository;
    this.kind = kind;
  }

  /** Builds the three refinements. */
  static final class Factory {
    private final ExportAccess access;
    private final ExportRepository repository;

    @Inject
    Factory(ExportAccess access, ExportRepository repository) {
      this.access = access;
      this.repository = repository;
    }

    StoredExportAccess of(Kind kind) {
      return new StoredExportAccess(access, repository, kind);
    }
  }

  @Override
  public MethodPolicy refine(Object request, MethodPolicy declared) {
    Optional<String> tenant = MethodPolicies.tenantOf(request);
    if (tenant.isEmpty() || !TenantIds.SLUG.matcher(tenant.get()).matches()) {
      return declared;
    }
    Optional<Scope> scope = kind == Kind.CREATE && request instanceof CreateExportRequest c
        ? Optional.of(c.getScope())
        : exportIdOf(request).flatMap(id -> repository.find(tenant.get(), id)).map(StoredExport::scope);
    if (scope.isEmpty()) {
      // Nothing to refine by: the declared policy stands, and the service answers NOT_FOUND.
      return declared;
    }
    MethodPolicy needs = access.policyFor(tenant.get(), scope.get());
    return switch (kind) {
      case CREATE -> needs;
      case VIEW -> new MethodPolicy(Set.of(needs.capabilities().contains(Capability.SUBJECT_EXPORT)
          ? Capability.SUBJECT_EXPORT : Capability.TENANT_EXPORT), declared.freshAuthentication());
      case FETCH -> new MethodPolicy(needs.capabilities(), true);
    };
  }

  private static Optional<String> exportIdOf(Object request) {
    if (!(request instanceof com.google.protobuf.Message m)) {
      return Optional.empty();
    }
    var field = m.getDescriptorForType().findFieldByName("export_id");
    return field == null ? Optional.empty()
        : Optional.of((String) m.getField(field)).filter(id -> ArchiveExports.EXPORT_ID.matcher(id).matches());
  }
}
