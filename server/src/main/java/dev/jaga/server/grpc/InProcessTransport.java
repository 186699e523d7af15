package dev.jaga.server.grpc;

import dev.jaga.config.Region;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * The test transport: calls stay inside the JVM. Each cluster gets its own namespace so that
 * clusters of parallel tests never reach each other's nodes.
 */
public final class InProcessTransport implements Transport {
  private final String namespace;

  public InProcessTransport(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ServerBuilder<?> serverBuilder(Region region) {
    return InProcessServerBuilder.forName(name(region.grpc().endpoint()));
  }

  @Override
  public ManagedChannelBuilder<?> channelBuilder(String endpoint) {
    return InProcessChannelBuilder.forName(name(endpoint));
  }

  private String name(String endpoint) {
    return namespace + "/" + endpoint;
  }
}
