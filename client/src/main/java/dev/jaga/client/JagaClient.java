package dev.jaga.client;

import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.client.routing.Placements;
import dev.jaga.client.routing.RoutingChannel;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A connection to Jaga, with the caller's bearer token on every call. It enters through the node
 * it is given and sends each call on a tenant to that tenant's home region by itself: it follows
 * WRONG_REGION answers, keeps one channel per region and caches where tenants live, so a caller
 * never needs to know where a tenant lives.
 */
public final class JagaClient implements AutoCloseable {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final RoutingChannel routed;
  private final Placements placements = new Placements(Clock.systemUTC());
  private final Optional<String> token;

  private JagaClient(ManagedChannel channel, Function<String, ManagedChannel> dial, Optional<String> token) {
    this.channel = channel;
    this.routed = new RoutingChannel(channel, dial, placements);
    this.token = token;
  }

  /** Opens channels to the other regions the way {@link #connect} does (plaintext: dev loopback). */
  private static ManagedChannel plaintext(String endpoint) {
    return NettyChannelBuilder.forTarget(endpoint).usePlaintext().build();
  }

  /** Connects to {@code host:port} (plaintext: dev nodes bind loopback only). */
  public static JagaClient connect(String endpoint, Optional<String> token) {
    return new JagaClient(plaintext(endpoint), JagaClient::plaintext, token);
  }

  /**
   * Wraps an existing channel to the entry node (tests, in-process transport); other regions are
   * dialled in plaintext. The client closes them all.
   */
  public static JagaClient over(ManagedChannel channel, Optional<String> token) {
    return new JagaClient(channel, JagaClient::plaintext, token);
  }

  /** As {@link #over(ManagedChannel, Optional)}, dialling other regions' endpoints with {@code dial}. */
  public static JagaClient over(
      ManagedChannel channel, Function<String, ManagedChannel> dial, Optional<String> token) {
    return new JagaClient(channel, dial, token);
  }

  public DirectoryServiceGrpc.DirectoryServiceBlockingStub directory() {
    return withToken(DirectoryServiceGrpc.newBlockingStub(routed));
  }

  public TenantServiceGrpc.TenantServiceBlockingStub tenants() {
    return withToken(TenantServiceGrpc.newBlockingStub(routed));
  }

  public ExportServiceGrpc.ExportServiceBlockingStub exports() {
    return withToken(ExportServiceGrpc.newBlockingStub(routed));
  }

  public ErasureServiceGrpc.ErasureServiceBlockingStub erasure() {
    return withToken(ErasureServiceGrpc.newBlockingStub(routed));
  }

  /** The channel to the entry node only, for stubs this client has no accessor for yet. */
  public ManagedChannel channel() {
    return channel;
  }

  /** A channel that routes each call to its tenant's home region, for any stub. */
  public Channel routedChannel() {
    return routed;
  }

  /**
   * Asks the entry node where a tenant lives and remembers it, so the next calls on the tenant go
   * straight to its home region.
   */
  public Placements.Placement resolve(String tenantId) {
    return placements.remember(
        withToken(DirectoryServiceGrpc.newBlockingStub(channel))
            .resolveTenant(ResolveTenantRequest.newBuilder().setTenantId(tenantId).build()));
  }

  /** Where this client believes tenants live. */
  public Placements placements() {
    return placements;
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
    routed.close();
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
