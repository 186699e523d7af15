package dev.jaga.server.export;

import dev.jaga.api.v1.ExportServiceGrpc;
import javax.inject.Inject;

/**
 * {@code jaga.v1.ExportService}, registered so that the whole v1 contract is served: its methods answer
 * UNIMPLEMENTED (reason NOT_IMPLEMENTED) until their issue lands.
 */
final class ExportGrpcService extends ExportServiceGrpc.ExportServiceImplBase {
  @Inject
  ExportGrpcService() {}
}
