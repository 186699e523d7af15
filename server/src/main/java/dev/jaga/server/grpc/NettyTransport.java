package dev.jaga.server.grpc;

import dev.jaga.config.Access;
import dev.jaga.config.Region;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLException;
import java.util.concurrent.TimeUnit;

/**
 * The production transport: HTTP/2 over TCP with Netty, with TLS when access.yaml gives the
 * material (always in production) and mutual TLS when it names a client CA.
 */
public final class NettyTransport implements Transport {
  private final Optional<Access.Tls> tls;

  public NettyTransport(Optional<Access.Tls> tls) {
    this.tls = tls;
  }

  /** Plaintext, for dev configurations without TLS material. */
  public NettyTransport() {
    this(Optional.empty());
  }

  @Override
  public ServerBuilder<?> serverBuilder(Region region) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(
            new InetSocketAddress(region.grpc().listenHost(), region.grpc().listenPort()))
        // Clients may ping at most every 30 s and only during calls; more is an abuse and the
        // connection is closed (GOAWAY ENHANCE_YOUR_CALM).
        .permitKeepAliveTime(30, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(false)
        // Dead peers are found within a few minutes, idle connections are reclaimed.
        .keepAliveTime(2, TimeUnit.MINUTES)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .maxConnectionIdle(15, TimeUnit.MINUTES)
        .maxConcurrentCallsPerConnection(256);
    tls.ifPresent(material -> builder.sslContext(sslContext(material)));
    return builder;
  }

  private static SslContext sslContext(Access.Tls material) {
    try {
      SslContextBuilder ssl =
          GrpcSslContexts.forServer(
              material.certificateChain().toFile(), material.privateKey().toFile());
      material
          .clientCa()
          .ifPresent(
              ca ->
                  // Optional: people come with a bearer token through any TLS client; services
                  // without one must present a certificate, which authentication then requires.
                  ssl.trustManager(ca.toFile()).clientAuth(ClientAuth.OPTIONAL));
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "access.yaml tls: cannot use " + material.certificateChain() + " / "
              + material.privateKey() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A channel to a peer node. With TLS material the peer is dialled over TLS, trusting the
   * deployment's CA (the client CA, which also signs node certificates) and presenting this node's
   * own certificate; without it (dev, loopback only) in plaintext. Peer calls carry the caller's
   * token, which must never cross a network in clear.
   */
  @Override
  public ManagedChannelBuilder<?> channelBuilder(String endpoint) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(endpoint);
    if (tls.isEmpty()) {
      return builder.usePlaintext();
    }
    Access.Tls material = tls.get();
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient()
          .keyManager(material.certificateChain().toFile(), material.privateKey().toFile());
      material.clientCa().ifPresent(ca -> ssl.trustManager(ca.toFile()));
      return builder.sslContext(ssl.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException("access.yaml tls: cannot dial peers with " + material.certificateChain()
          + ": " + e.getMessage(), e);
    }
  }
}
