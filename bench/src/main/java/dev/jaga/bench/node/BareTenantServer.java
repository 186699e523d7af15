package dev.jaga.bench.node;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.api.v1.TenantState;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the governed call: {@code TenantService.GetTenant} on a bare grpc-java server
 * over Netty, with no interceptor, no token, no database and no audit, answering a tenant record
 * of the same shape as the node's. It runs in the node's JVM, so both halves get the same JVM.
 */
final class BareTenantServer implements AutoCloseable {
  private final Server server;

  private BareTenantServer(Server server) {
    this.server = server;
  }

  static BareTenantServer start() {
    Instant created = Instant.now();
    TenantServiceGrpc.TenantServiceImplBase service = new TenantServiceGrpc.TenantServiceImplBase() {
      @Override
      public void getTenant(GetTenantRequest request, StreamObserver<Tenant> response) {
        response.onNext(Tenant.newBuilder()
            .setTenantId(request.getTenantId())
            .setDisplayName("PT Acme Indonesia")
            .setHomeRegion("id-jkt")
            .setState(TenantState.TENANT_STATE_ACTIVE)
            .setCreateTime(Timestamp.newBuilder().setSeconds(created.getEpochSecond()).setNanos(created.getNano()))
            .setResidencyPreset("in-country")
            .build());
        response.onCompleted();
      }
    };
    try {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(service)
          .build()
          .start();
      return new BareTenantServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
  }
}
