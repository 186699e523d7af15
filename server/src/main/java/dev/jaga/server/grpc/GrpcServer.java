package dev.jaga.server.grpc;

import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A node's gRPC server: started once, stopped gracefully (new calls refused, calls in flight
 * drained for a bounded time, then cancelled).
 */
public final class GrpcServer implements AutoCloseable {
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final Server server;

  public GrpcServer(Server server) {
    this.server = server;
  }

  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the gRPC server: " + e.getMessage(), e);
    }
  }

  /** The bound TCP port, or -1 for a transport without one. */
  public int port() {
    return server.getListenSockets().stream()
        .filter(InetSocketAddress.class::isInstance)
        .map(a -> ((InetSocketAddress) a).getPort())
        .findFirst()
        .orElse(-1);
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
