package dev.jaga.bench.report;

import dev.jaga.bench.node.NodeHandle;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Describes the machine and the commit a run was taken on, since absolute figures mean nothing without them. */
public final class Machines {
  private Machines() {}

  /** The 1, 5 and 15 minute load averages: on a shared machine, how busy it was apart from the bench. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Median time of a 4 KiB write made durable (force) in the bench's temporary directory, where
   * the nodes' PostgreSQL keeps its WAL: what every durable audit batch waits for at least.
   */
  public static double fsyncMillis() {
    try {
      Path file = Files.createTempFile("bench-fsync", ".bin");
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        long[] nanos = new long[21];
        ByteBuffer block = ByteBuffer.allocate(4096);
        for (int i = 0; i < nanos.length; i++) {
          block.clear();
          long start = System.nanoTime();
          ch.write(block, (long) i * 4096);
          ch.force(false);
          nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return -1;
    }
  }

  public static BenchReport.Machine describe(
      DataSource database, NodeHandle.Ready server, String loadAtStart, double fsyncMillis) {
    long memory =
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : -1;
    String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version");
    return new BenchReport.Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpu(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        jdk,
        postgres(database),
        server.maxHeap(),
        server.gc(),
        server.jvmArgs(),
        loadAtStart,
        loadAverage(),
        fsyncMillis);
  }

  /** The commit the bench was built from, with "+dirty" if the working tree had changes; "unknown" outside git. */
  public static String gitCommit() {
    String head = git("rev-parse", "HEAD");
    if (head.isEmpty()) {
      return "unknown";
    }
    // The bench's own reports are output, not source: a run that rewrote them is not "dirty".
    return git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results").isEmpty()
        ? head : head + "+dirty";
  }

  private static String git(String... args) {
    try {
      String[] command = new String[args.length + 1];
      command[0] = "git";
      System.arraycopy(args, 0, command, 1, args.length);
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String postgres(DataSource database) {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1) + " (embedded, zonky)";
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
