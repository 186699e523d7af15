package dev.jaga.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The bench's side of one node process ({@link NodeProcess}): starts it, waits until it serves,
 * and sends it the measuring commands. Closing it stops the node and waits for its exit.
 */
public final class NodeHandle implements AutoCloseable {
  /** The node JVM's heap limit: what a service is given in a container, and it keeps RSS honest. */
  public static final String SERVER_HEAP = "-Xmx1g";

  /**
   * The heap the node starts with and never hands back below: without it, the full collection
   * before each measured export returns memory to the OS, and RSS would start lower in one run of
   * a pair than in the other.
   */
  public static final String SERVER_INITIAL_HEAP = "-Xms1g";

  /** Where the node listens and what its JVM is. */
  public record Ready(String endpoint, String jdbcUrl, Path pgData, long maxHeap, String gc, String jvmArgs) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXITED = "\u0000exited";

  private final String region;
  private final Process process;
  private final Path log;
  private final Path pgData;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private Ready ready;

  private NodeHandle(String region, Process process, Path log, Path pgData) {
    this.region = region;
    this.process = process;
    this.log = log;
    this.pgData = pgData;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, "bench-node-" + region);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the node of {@code region} in its own JVM; {@link #awaitReady} waits for it to serve. */
  public static NodeHandle spawn(String region, int rows, Path config, Path dataRoot, Path issuerKey,
      Map<String, Integer> ports, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add(SERVER_HEAP);
    command.add(SERVER_INITIAL_HEAP);
    // Extra flags for the node JVMs, e.g. a flight recording to see where a pair's time goes.
    String extra = System.getenv("JAGA_BENCH_NODE_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NodeProcess.class.getName());
    command.add(config.toString());
    command.add(region);
    command.add(Integer.toString(rows));
    command.add(dataRoot.toString());
    command.add(issuerKey.toString());
    command.add(ports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
      // Where ScratchConfig puts the region's database: known before the node says so.
      return new NodeHandle(region, process, log, dataRoot.resolve(region).resolve("pg"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the node of " + region, e);
    }
  }

  public Ready awaitReady(Duration limit) throws InterruptedException {
    JsonNode body = await("ready", limit);
    ready = new Ready(body.get("endpoint").asText(), body.get("jdbcUrl").asText(),
        Path.of(body.get("pgData").asText()), body.get("maxHeap").asLong(), body.get("gc").asText(),
        body.get("jvmArgs").asText());
    return ready;
  }

  public Ready ready() {
    return ready;
  }

  public String region() {
    return region;
  }

  public long pid() {
    return process.pid();
  }

  /** Asks the node JVM for a full collection; returns the heap used after it. */
  public long gc() throws InterruptedException {
    return ask("gc").get("heapUsed").asLong();
  }

  public void heapStart() throws InterruptedException {
    ask("heap-start");
  }

  public MemoryPeak heapStop() throws InterruptedException {
    try {
      return JSON.treeToValue(ask("heap-stop"), MemoryPeak.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (once) the bare gRPC server inside the node's JVM; returns its port. */
  public int bareServerPort() throws InterruptedException {
    return ask("bare-start").get("port").asInt();
  }

  private synchronized JsonNode ask(String command) throws InterruptedException {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the node of " + region + " is gone; see " + log, e);
    }
    return await(command, Duration.ofMinutes(2));
  }

  private JsonNode await(String kind, Duration limit) throws InterruptedException {
    String line = answers.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(EXITED)) {
      throw new IllegalStateException("the node of " + region + " did not answer '" + kind + "'"
          + (line == null ? " within " + limit : ": it exited") + "; see " + log);
    }
    String rest = line.substring(NodeProcess.PREFIX.length());
    String got = rest.substring(0, rest.indexOf(' '));
    if (!got.equals(kind)) {
      throw new IllegalStateException("the node of " + region + " answered " + rest + " to '" + kind + "'");
    }
    try {
      return JSON.readTree(rest.substring(rest.indexOf(' ') + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readAnswers() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(NodeProcess.PREFIX)) {
          answers.add(line);
        }
      }
    } catch (IOException ignored) {
      // The process ended; EXITED below tells whoever waits.
    }
    answers.add(EXITED);
  }

  /** Tells the node to stop (it drains, closes its database) and waits; kills it if it hangs. */
  @Override
  public void close() {
    try {
      commands.write("stop\n");
      commands.close();
    } catch (IOException alreadyGone) {
      // Closing stdin is what stops it anyway.
    }
    try {
      // A node still seeding reads no command; stopping it then is the only way out.
      if (!process.waitFor(ready == null ? 1 : 60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      stopOrphanedPostgres();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A node killed before it closed leaves its PostgreSQL running (its own process, in its own
   * session): this stops that postmaster, found by its data directory's lock file.
   */
  private void stopOrphanedPostgres() throws InterruptedException {
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException noServer) {
      return;
    }
    ProcessHandle postmaster = ProcessHandle.of(pid)
        .filter(p -> p.info().commandLine().orElse("").contains(pgData.toString()))
        .orElse(null);
    if (postmaster != null) {
      postmaster.destroy();
      for (int i = 0; i < 300 && postmaster.isAlive(); i++) {
        Thread.sleep(100);
      }
    }
  }
}
