package dev.jaga.server.grpc;

import dev.jaga.config.Region;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;

/**
 * How a node listens and how it dials its peers: Netty in production and in end-to-end tests, the
 * in-process transport in tests that need no network. The only thing tests swap besides the clock.
 */
public interface Transport {
  /** A server builder bound where the region's config says this node listens. */
  ServerBuilder<?> serverBuilder(Region region);

  /** A channel builder for a peer's advertised endpoint ({@code host:port}). */
  ManagedChannelBuilder<?> channelBuilder(String endpoint);
}
