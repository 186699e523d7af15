package dev.jaga.bench.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.server.app.Node;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The main of a node's own JVM during a bench run: starts the node, says where it listens, then
 * answers the bench's measuring commands on stdin until told to stop or until stdin closes (the
 * bench ended, however it ended). A separate process, so that the heap and RSS the bench reports
 * are the server's alone, not the clients'.
 */
public final class NodeProcess {
  /** Lines that start with this on stdout are answers; everything else goes to stderr. */
  static final String PREFIX = "bench-node ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeProcess() {}

  /** Args: configDir regionId rows dataRoot issuerKeyFile region=port,region=port,... */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String pair : args[5].split(",")) {
      String[] kv = pair.split("=");
      ports.put(kv[0], Integer.parseInt(kv[1]));
    }
    Node node = BenchNode.start(Path.of(args[0]), args[1], Integer.parseInt(args[2]), Path.of(args[3]),
        Path.of(args[4]), ports);
    BareTenantServer bare = null;
    HeapSampler sampler = null;
    try {
      answer(answers, "ready", ready(node));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String command;
      while ((command = in.readLine()) != null && !command.equals("stop")) {
        switch (command) {
          case "gc" -> {
            System.gc();
            answer(answers, "gc", Map.of("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
          }
          case "heap-start" -> {
            sampler = HeapSampler.start();
            answer(answers, "heap-start", Map.of());
          }
          case "heap-stop" -> {
            MemoryPeak peak = sampler.stop();
            sampler = null;
            answer(answers, "heap-stop", peak);
          }
          case "bare-start" -> {
            if (bare == null) {
              bare = BareTenantServer.start();
            }
            answer(answers, "bare-start", Map.of("port", bare.port()));
          }
          default -> answer(answers, "error", Map.of("message", "unknown command " + command));
        }
      }
    } finally {
      if (bare != null) {
        bare.close();
      }
      node.close();
    }
    System.exit(0);
  }

  private static Map<String, Object> ready(Node node) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("endpoint", node.region().grpc().endpoint());
    out.put("jdbcUrl", node.jdbcUrl());
    out.put("pgData", ((DatabaseSettings.Embedded) node.region().database()).dataDir().toString());
    out.put("maxHeap", Runtime.getRuntime().maxMemory());
    out.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
    out.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return out;
  }

  private static void answer(PrintStream out, String kind, Object body) throws Exception {
    out.println(PREFIX + kind + " " + JSON.writeValueAsString(body));
  }
}
