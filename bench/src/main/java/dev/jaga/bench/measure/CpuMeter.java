package dev.jaga.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time spent by the bench's own JVM (the clients), the node's JVM and the node's PostgreSQL
 * (the postmaster's children, live and exited), so a run can say which side set the pace on a
 * shared 2-core machine.
 */
public final class CpuMeter {
  /** Linux's USER_HZ, the unit of /proc/[pid]/stat times; 100 on every mainstream kernel. */
  private static final long TICKS_PER_SECOND = 100;

  /** CPU seconds at one instant, or spent between two; negative where /proc cannot tell. */
  public record Sample(double clientSeconds, double serverSeconds, double postgresSeconds) {
    public static final Sample UNKNOWN = new Sample(-1, -1, -1);

    public Sample minus(Sample earlier) {
      return new Sample(
          diff(clientSeconds, earlier.clientSeconds),
          diff(serverSeconds, earlier.serverSeconds),
          diff(postgresSeconds, earlier.postgresSeconds));
    }

    private static double diff(double now, double then) {
      return now < 0 || then < 0 ? -1 : now - then;
    }
  }

  private final long server;
  private final long postmaster;

  private CpuMeter(long server, long postmaster) {
    this.server = server;
    this.postmaster = postmaster;
  }

  /** Meters the node process {@code serverPid} and the cluster whose data directory is {@code pgData}. */
  public static CpuMeter of(long serverPid, Path pgData) {
    long postmaster;
    try {
      List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
      postmaster = Long.parseLong(lines.get(0).trim());
    } catch (IOException | RuntimeException e) {
      postmaster = -1;
    }
    return new CpuMeter(serverPid, postmaster);
  }

  public Sample sample() {
    double client =
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() / 1e9
            : -1;
    long serverTicks = ownTicks(server);
    long pgTicks = postgresTicks();
    return new Sample(client, seconds(serverTicks), seconds(pgTicks));
  }

  private static double seconds(long ticks) {
    return ticks < 0 ? -1 : ticks / (double) TICKS_PER_SECOND;
  }

  private static long ownTicks(long pid) {
    try {
      long[] t = times(Path.of("/proc", Long.toString(pid), "stat"));
      return t[0] + t[1];
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The postmaster's own time plus that of its exited children (a closed connection's backend)
   * plus that of its live children. A backend that exits while the children are listed would be in
   * neither sum, so the listing is repeated until the account of exited children did not change.
   */
  private long postgresTicks() {
    if (postmaster < 0) {
      return -1;
    }
    Path own = Path.of("/proc", Long.toString(postmaster), "stat");
    try {
      for (int attempt = 0; attempt < 10; attempt++) {
        long before = total(times(own));
        long live = liveChildren();
        long after = total(times(own));
        if (before == after) {
          return after + live;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private long liveChildren() throws IOException {
    long sum = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          long[] t = times(proc.resolve("stat"));
          if (t[4] == postmaster) {
            sum += t[0] + t[1];
          }
        } catch (IOException | RuntimeException vanished) {
          // It ended between listing and reading: the postmaster's cutime holds it now.
        }
      }
    }
    return sum;
  }

  private static long total(long[] t) {
    return t[0] + t[1] + t[2] + t[3];
  }

  /** utime, stime, cutime, cstime and the parent pid of one process. */
  private static long[] times(Path stat) throws IOException {
    String line = Files.readString(stat);
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime ...
    return new long[] {
      Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]),
      Long.parseLong(f[1])
    };
  }
}
