package dev.jaga.client;

import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.TenantServiceGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A connection to one Jaga node, with the caller's bearer token on every call. Later versions
 * resolve a tenant's home region and follow redirects by themselves; this one talks to the node it
 * is given.
 */
public final class JagaClient implements AutoCloseable {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final Optional<String> token;

  private JagaClient(ManagedChannel channel, Optional<String> token) {
    this.channel = channel;
    this.token = token;
  }

  /** Connects to {@code host:port} (plaintext: dev nodes bind loopback only). */
  public static JagaClient connect(String endpoint, Optional<String> token) {
    return new JagaClient(NettyChannelBuilder.forTarget(endpoint).usePlaintext().build(), token);
  }

  /** Wraps an existing channel (tests, in-process transport); the client closes it. */
  public static JagaClient over(ManagedChannel channel, Optional<String> token) {
    return new JagaClient(channel, token);
  }

  public DirectoryServiceGrpc.DirectoryServiceBlockingStub directory() {
    return withToken(DirectoryServiceGrpc.newBlockingStub(channel));
  }

  public TenantServiceGrpc.TenantServiceBlockingStub tenants() {
    return withToken(TenantServiceGrpc.newBlockingStub(channel));
  }

  public ExportServiceGrpc.ExportServiceBlockingStub exports() {
    return withToken(ExportServiceGrpc.newBlockingStub(channel));
  }

  public ErasureServiceGrpc.ErasureServiceBlockingStub erasure() {
    return withToken(ErasureServiceGrpc.newBlockingStub(channel));
  }

  /** The channel, for stubs this client has no accessor for yet. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Adds the caller's bearer token to a stub's calls (none if the client has no token). */
  public ClientInterceptor credentials() {
    Metadata headers = new Metadata();
    token.ifPresent(t -> headers.put(AUTHORIZATION, "Bearer " + t));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub) {
    return stub.withInterceptors(credentials());
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
