package dev.jaga.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Describes the machine a run was taken on, since absolute figures mean nothing without it. */
final class Machines {
  private Machines() {}

  static BenchReport.Machine describe(DataSource database) {
    Runtime runtime = Runtime.getRuntime();
    long memory =
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : -1;
    String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version");
    String gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
    return new BenchReport.Machine(
        runtime.availableProcessors(),
        memory,
        cpu(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        jdk,
        runtime.maxMemory(),
        gc,
        postgres(database));
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
