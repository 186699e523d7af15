package dev.jaga.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every active region of a dev configuration, each as its own node with its own port and its own
 * embedded PostgreSQL, started side by side in one process (as {@code ./jaga dev} and the
 * end-to-end tests run them).
 */
public final class DevCluster implements AutoCloseable {
  private final List<Node> nodes;

  private DevCluster(List<Node> nodes) {
    this.nodes = nodes;
  }

  /** Starts all active regions in parallel; if one fails, the others are stopped again. */
  public static DevCluster start(
      RegionConfig config, NodeOptions options, Transport transport, Clock clock) {
    List<Region> regions = config.regions().active();
    ExecutorService starter = Executors.newFixedThreadPool(regions.size());
    List<Future<Node>> starting = new ArrayList<>();
    for (Region region : regions) {
      starting.add(starter.submit(() -> Node.start(config, region, options, transport, clock)));
    }
    starter.shutdown();
    List<Node> started = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<Node> future : starting) {
      try {
        started.add(future.get());
      } catch (ExecutionException e) {
        failure = failure != null ? failure : asRuntime(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new IllegalStateException("interrupted", e);
      }
    }
    if (failure != null) {
      started.forEach(Node::close);
      throw failure;
    }
    return new DevCluster(started);
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(String regionId) {
    return nodes.stream()
        .filter(n -> n.region().id().equals(regionId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node for region " + regionId));
  }

  /**
   * Writes {@code cluster.json}: {@code {"regions":[{"id":..,"grpc":..,"jdbc":..}]}}, so scripts
   * and tools can find the endpoints.
   */
  public void writeClusterFile(Path file) {
    List<Map<String, String>> regions = new ArrayList<>();
    for (Node node : nodes) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("id", node.region().id());
      entry.put("grpc", node.region().grpc().endpoint());
      entry.put("jdbc", node.jdbcUrl());
      regions.add(entry);
    }
    try {
      Files.createDirectories(file.getParent());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), Map.of("regions", regions));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  @Override
  public void close() {
    nodes.parallelStream().forEach(Node::close);
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
  }
}
