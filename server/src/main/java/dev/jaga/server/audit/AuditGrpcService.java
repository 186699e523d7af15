package dev.jaga.server.audit;

import dev.jaga.api.v1.AuditServiceGrpc;
import javax.inject.Inject;

/**
 * {@code jaga.v1.AuditService}, registered so that the whole v1 contract is served: its methods answer
 * UNIMPLEMENTED (reason NOT_IMPLEMENTED) until their issue lands.
 */
final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
  @Inject
  AuditGrpcService() {}
}
