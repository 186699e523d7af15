package dev.jaga.server.grpc;

import dev.jaga.config.Region;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;

/** The production transport: HTTP/2 over TCP with Netty. */
public final class NettyTransport implements Transport {
  @Override
  public ServerBuilder<?> serverBuilder(Region region) {
    return NettyServerBuilder.forAddress(
        new InetSocketAddress(region.grpc().listenHost(), region.grpc().listenPort()));
  }

  @Override
  public ManagedChannelBuilder<?> channelBuilder(String endpoint) {
    // TLS between nodes arrives with the perimeter; dev binds loopback only.
    return NettyChannelBuilder.forTarget(endpoint).usePlaintext();
  }
}
