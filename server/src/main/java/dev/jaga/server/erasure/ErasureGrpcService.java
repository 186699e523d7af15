package dev.jaga.server.erasure;

import dev.jaga.api.v1.ErasureServiceGrpc;
import javax.inject.Inject;

/**
 * {@code jaga.v1.ErasureService}, registered so that the whole v1 contract is served: its methods answer
 * UNIMPLEMENTED (reason NOT_IMPLEMENTED) until their issue lands.
 */
final class ErasureGrpcService extends ErasureServiceGrpc.ErasureServiceImplBase {
  @Inject
  ErasureGrpcService() {}
}
