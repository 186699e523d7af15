package dev.jaga.server.residency;

import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.config.Catalog;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.auth.MethodPolicies;
import io.grpc.MethodDescriptor;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The route classifier of every method: what features contribute (keyed by full method name),
 * else the defaults declared here. A method nobody classified, whose request names a tenant, is
 * taken to touch every class of that tenant: the strictest routing, so a new RPC can never leak
 * data out of its home region before someone decides what it touches.
 */
@Singleton
public final class RouteClassifiers {
  private static final RouteClassifier UNROUTED = request -> Touch.unrouted();
  private static final RouteClassifier PERSONAL = request -> MethodPolicies.tenantOf(request)
      .map(t -> Touch.tenant(t, Set.of(DataClass.PERSONAL))).orElse(Touch.unrouted());
  private static final RouteClassifier STRICTEST =
      request -> MethodPolicies.tenantOf(request).map(Touch::allClasses).orElse(Touch.unrouted());

  private final Map<String, RouteClassifier> byMethod = new HashMap<>();

  @Inject
  public RouteClassifiers(Map<String, RouteClassifier> contributed, RegionConfig config) {
    // Each region answers these itself: directory look-ups ask peers, audit reads its own chain,
    // and a tenant is created in the region the request names (the service checks it).
    put(DirectoryServiceGrpc.getResolveTenantMethod(), UNROUTED);
    put(DirectoryServiceGrpc.getListRegionsMethod(), UNROUTED);
    put(AuditServiceGrpc.getListAuditEventsMethod(), UNROUTED);
    put(AuditServiceGrpc.getVerifyAuditChainMethod(), UNROUTED);
    put(TenantServiceGrpc.getCreateTenantMethod(), UNROUTED);
    // Job status and approvals carry no records, but they name people: the requester and approver
    // (e-mail addresses) and, for a subject's copy, the data subject. Personal data, routed as such.
    put(ExportServiceGrpc.getGetExportMethod(), PERSONAL);
    put(ExportServiceGrpc.getListExportsMethod(), PERSONAL);
    put(ExportServiceGrpc.getApproveExportMethod(), PERSONAL);
    put(ExportServiceGrpc.getRejectExportMethod(), PERSONAL);
    put(ExportServiceGrpc.getCancelExportMethod(), PERSONAL);
    // An archive key is a credential to the whole archive.
    put(ExportServiceGrpc.getGetExportKeyMethod(),
        request -> MethodPolicies.tenantOf(request)
            .map(t -> Touch.tenant(t, Set.of(DataClass.SECRET)))
            .orElse(Touch.unrouted()));
    Set<DataClass> subjectClasses = subjectClasses(config.catalog());
    put(ErasureServiceGrpc.getEraseSubjectMethod(),
        request -> request instanceof EraseSubjectRequest r
            ? Touch.tenant(r.getTenantId(), subjectClasses)
            : STRICTEST.classify(request));
    byMethod.putAll(contributed);
  }

  /** The classifier of a method (full name, e.g. {@code jaga.v1.ExportService/StreamExport}). */
  public RouteClassifier of(String fullMethodName) {
    return byMethod.getOrDefault(fullMethodName, STRICTEST);
  }

  /** An erasure rewrites every column of every entity that holds a subject's records. */
  static Set<DataClass> subjectClasses(Catalog catalog) {
    Set<DataClass> out = EnumSet.noneOf(DataClass.class);
    for (Entity entity : catalog.entities().values()) {
      if (entity.subjectKey().isPresent()) {
        for (ColumnRule column : entity.columns().values()) {
          out.add(column.dataClass());
        }
      }
    }
    return out;
  }

  private void put(MethodDescriptor<?, ?> method, RouteClassifier classifier) {
    byMethod.put(method.getFullMethodName(), classifier);
  }
}
