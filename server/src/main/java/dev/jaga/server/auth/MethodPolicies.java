package dev.jaga.server.auth;

import static dev.jaga.config.Capability.AUDIT_READ;
import static dev.jaga.config.Capability.EXPORT_APPROVE;
import static dev.jaga.config.Capability.RESIDENCY_ADMIN;
import static dev.jaga.config.Capability.SUBJECT_ERASE;
import static dev.jaga.config.Capability.TENANT_DELETE;
import static dev.jaga.config.Capability.TENANT_EXPORT;
import static dev.jaga.config.Capability.TENANT_READ;
import static dev.jaga.server.auth.MethodPolicy.anyAuthenticated;
import static dev.jaga.server.auth.MethodPolicy.needs;
import static dev.jaga.server.auth.MethodPolicy.needsFresh;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.TenantServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * Every v1 RPC and what it needs, declared once, here. A method missing from this table is
 * refused: new methods are denied until someone decides what they need.
 */
public final class MethodPolicies {
  private static final Map<String, MethodPolicy> POLICIES =
      Map.ofEntries(
          entry(DirectoryServiceGrpc.getResolveTenantMethod(), needs(TENANT_READ)),
          entry(DirectoryServiceGrpc.getListRegionsMethod(), anyAuthenticated()),
          // Whoever provisions a tenant holds an owner grant on it in the token that creates it.
          entry(TenantServiceGrpc.getCreateTenantMethod(), needs(RESIDENCY_ADMIN)),
          entry(TenantServiceGrpc.getGetTenantMethod(), needs(TENANT_READ)),
          entry(TenantServiceGrpc.getDeleteTenantMethod(), needsFresh(TENANT_DELETE)),
          entry(TenantServiceGrpc.getCancelTenantDeletionMethod(), needsFresh(TENANT_DELETE)),
          entry(ExportServiceGrpc.getStreamExportMethod(), needs(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getCreateExportMethod(), needs(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getGetExportMethod(), needs(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getListExportsMethod(), needs(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getApproveExportMethod(), needs(EXPORT_APPROVE)),
          entry(ExportServiceGrpc.getRejectExportMethod(), needs(EXPORT_APPROVE)),
          entry(ExportServiceGrpc.getCancelExportMethod(), needs(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getGetExportKeyMethod(), needsFresh(TENANT_EXPORT)),
          entry(ExportServiceGrpc.getDownloadExportMethod(), needsFresh(TENANT_EXPORT)),
          entry(ErasureServiceGrpc.getEraseSubjectMethod(), needsFresh(SUBJECT_ERASE)),
          entry(AuditServiceGrpc.getListAuditEventsMethod(), needs(AUDIT_READ)),
          entry(AuditServiceGrpc.getVerifyAuditChainMethod(), needs(AUDIT_READ)));

  private MethodPolicies() {}

  public static Optional<MethodPolicy> of(String fullMethodName) {
    return Optional.ofNullable(POLICIES.get(fullMethodName));
  }

  /** The methods with a declared policy (for tests that sweep every RPC). */
  public static java.util.Set<String> methods() {
    return POLICIES.keySet();
  }

  /** The tenant a request names, from its {@code tenant_id} field (every tenant-scoped request has one). */
  public static Optional<String> tenantOf(Object request) {
    if (!(request instanceof Message message)) {
      return Optional.empty();
    }
    FieldDescriptor field = message.getDescriptorForType().findFieldByName("tenant_id");
    return field == null ? Optional.empty() : Optional.of((String) message.getField(field));
  }

  /** The client's request id, where the request carries one. */
  public static Optional<String> requestIdOf(Object request) {
    if (!(request instanceof Message message)) {
      return Optional.empty();
    }
    FieldDescriptor field = message.getDescriptorForType().findFieldByName("request_id");
    return field == null
        ? Optional.empty()
        : Optional.of((String) message.getField(field)).filter(s -> !s.isEmpty());
  }

  private static Map.Entry<String, MethodPolicy> entry(MethodDescriptor<?, ?> method, MethodPolicy policy) {
    return Map.entry(method.getFullMethodName(), policy);
  }
}
