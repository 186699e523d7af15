package dev.jaga.server.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Files;

/**
 * A manual check, not a test: how many events per second the audit log makes durable when many
 * callers each wait for their own event, without group commit (one event per transaction) and
 * with it, with and without linger, with fsync off (as the test clusters run) and on.
 *
 * <p>From {@code server/}, after {@code ./mvnw -q -B test-compile dependency:build-classpath -pl
 * server -am -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test} at the root:
 * {@code java -Djava.io.tmpdir=../var/tmp -cp
 * target/classes:target/test-classes:../db/target/classes:$(cat target/test-classpath.txt)
 * dev.jaga.server.audit.AuditThroughputTiming [callers] [seconds]} (the db module's classes first,
 * so that the migrations are this checkout's, not whatever jar the local repository holds).
 */
final class AuditThroughputTiming {
  private AuditThroughputTiming() {}

  public static void main(String[] args) throws Exception {
    int callers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path keys = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "keys-");
    AuditKey key = TestEvents.newKey(keys);
    try (AuditDatabase database = AuditDatabase.start()) {
      for (String fsync : List.of("off", "on")) {
        database.owner().execute("alter system set fsync = " + fsync);
        database.owner().execute("select pg_reload_conf()");
        Thread.sleep(200);
        // No group commit (one event per transaction), then group commit without and with linger.
        for (int[] config : new int[][] {{1, 0}, {AuditLog.DEFAULT_MAX_BATCH, 0},
            {AuditLog.DEFAULT_MAX_BATCH, (int) AuditLog.DEFAULT_LINGER.toMillis()}}) {
          int maxBatch = config[0];
          Duration linger = Duration.ofMillis(config[1]);
          database.reset();
          try (AuditLog log = new AuditLog(database.runtime(), Clock.systemUTC(), key,
              TestEvents.REGION, 10_000, maxBatch, linger)) {
            run(log, callers, 3);
            Result r = run(log, callers, seconds);
            long heads = database.owner().fetchCount(dev.jaga.server.db.jooq.Tables.AUDIT_HEADS);
            long events = database.owner().fetchCount(dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS);
            System.out.printf(
                "fsync=%-3s maxBatch=%-3d linger=%dms callers=%d: %,7.0f events/s,"
                    + " latency p50 %.2f ms, p99 %.2f ms, %.1f events per transaction%n",
                fsync, maxBatch, config[1], callers, r.perSecond, r.p50, r.p99,
                (double) events / heads);
          }
        }
      }
      AuditVerifier verifier = new AuditVerifier(database.runtime(), key, TestEvents.REGION);
      long count = database.owner().fetchCount(dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS);
      long start = System.nanoTime();
      AuditVerifier.Verification v = verifier.verify(0, 0);
      System.out.printf("verify: %,d events in %.2f s (%s)%n", v.eventsChecked(),
          (System.nanoTime() - start) / 1e9, v.intact() ? "intact" : v.problem());
    }
  }

  private record Result(double perSecond, double p50, double p99) {}

  private static Result run(AuditLog log, int callers, int seconds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(callers);
    long[] counts = new long[callers];
    for (int c = 0; c < callers; c++) {
      int caller = c;
      long[] mine = new long[2_000_000];
      latencies.add(mine);
      Thread t = new Thread(() -> {
        int n = 0;
        while (!stop.get()) {
          long t0 = System.nanoTime();
          log.append(TestEvents.event("acme-id", "req-" + caller + "-" + n)).join();
          if (n < mine.length) mine[n] = System.nanoTime() - t0;
          n++;
        }
        counts[caller] = n;
        done.countDown();
      });
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = Arrays.stream(counts).sum();
    long[] all = new long[(int) total];
    int i = 0;
    for (int c = 0; c < callers; c++) {
      long n = Math.min(counts[c], latencies.get(c).length);
      for (int k = 0; k < n; k++) all[i++] = latencies.get(c)[k];
    }
    Arrays.sort(all, 0, i);
    return new Result(total / elapsed, all[i / 2] / 1e6, all[(int) (i * 0.99)] / 1e6);
  }
}
