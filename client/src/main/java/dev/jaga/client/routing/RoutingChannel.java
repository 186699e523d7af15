package dev.jaga.client.routing;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A channel that sends each call on a tenant to the tenant's home region: to the endpoint the
 * {@link Placements} cache knows, else to the entry node, following a WRONG_REGION answer to the
 * endpoint it names (and remembering it). One channel per region endpoint, opened on first use.
 */
public final class RoutingChannel extends Channel implements AutoCloseable {
  private final ManagedChannel entry;
  private final Function<String, ManagedChannel> dial;
  private final Placements placements;
  private final Map<String, ManagedChannel> byEndpoint = new ConcurrentHashMap<>();

  public RoutingChannel(ManagedChannel entry, Function<String, ManagedChannel> dial, Placements placements) {
    this.entry = entry;
    this.dial = dial;
    this.placements = placements;
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    MethodType type = method.getType();
    if (type != MethodType.UNARY && type != MethodType.SERVER_STREAMING) {
      return entry.newCall(method, options);
    }
    return new RoutedCall<>(this, method, options);
  }

  @Override
  public String authority() {
    return entry.authority();
  }

  Placements placements() {
    return placements;
  }

  /** The channel for a tenant's home endpoint, or the entry node's when it is not known. */
  Channel channelFor(Optional<String> endpoint) {
    return endpoint.<Channel>map(e -> byEndpoint.computeIfAbsent(e, dial)).orElse(entry);
  }

  /** The tenant a request names, from its {@code tenant_id} field. */
  static Optional<String> tenantOf(Object request) {
    if (!(request instanceof Message message)) {
      return Optional.empty();
    }
    FieldDescriptor field = message.getDescriptorForType().findFieldByName("tenant_id");
    if (field == null || field.getType() != FieldDescriptor.Type.STRING) {
      return Optional.empty();
    }
    return Optional.of((String) message.getField(field)).filter(t -> !t.isEmpty());
  }

  /** Closes the channels opened to other regions; the entry channel belongs to its owner. */
  @Override
  public void close() {
    byEndpoint.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : byEndpoint.values()) {
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
