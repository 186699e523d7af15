package dev.jaga.server.grpc;

import dagger.Module;
import dagger.Provides;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.inject.Singleton;

/** Assembles the node's gRPC server from the services the feature modules contribute. */
@Module
public interface GrpcModule {
  /** Bounds on what a caller may send; larger messages are refused by the transport. */
  int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

  int MAX_INBOUND_METADATA_BYTES = 16 * 1024;

  /**
   * The interceptors in the order a call meets them, outermost first ({@code interceptForward}
   * keeps that order, unlike adding them one by one, which reverses it).
   */
  @Provides
  @Singleton
  static List<ServerInterceptor> interceptors() {
    return List.of(new ErrorMappingInterceptor());
  }

  @Provides
  @Singleton
  static HealthStatusManager health() {
    return new HealthStatusManager();
  }

  @Provides
  @Singleton
  static GrpcServer server(
      Transport transport,
      @ThisRegion Region region,
      Set<BindableService> services,
      List<ServerInterceptor> interceptors,
      HealthStatusManager health) {
    ServerBuilder<?> builder =
        transport
            .serverBuilder(region)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .maxInboundMetadataSize(MAX_INBOUND_METADATA_BYTES)
            .handshakeTimeout(20, TimeUnit.SECONDS);
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.interceptForward(service, interceptors));
    }
    builder.addService(health.getHealthService());
    builder.addService(ProtoReflectionServiceV1.newInstance());
    return new GrpcServer(builder.build());
  }
}
