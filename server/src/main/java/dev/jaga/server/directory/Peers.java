package dev.jaga.server.directory;

import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.grpc.Transport;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Channels from this node to the other active regions, one per region, opened on first use. */
@Singleton
public final class Peers implements AutoCloseable {
  private final Transport transport;
  private final List<Region> peers;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  @Inject
  Peers(Transport transport, RegionConfig config, @ThisRegion Region self) {
    this.transport = transport;
    this.peers =
        config.regions().active().stream().filter(r -> !r.id().equals(self.id())).toList();
  }

  /** The active regions other than this node's. */
  public List<Region> regions() {
    return peers;
  }

  public ManagedChannel channel(Region region) {
    return channels.computeIfAbsent(
        region.id(), id -> transport.channelBuilder(region.grpc().endpoint()).build());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels.values()) {
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
}
