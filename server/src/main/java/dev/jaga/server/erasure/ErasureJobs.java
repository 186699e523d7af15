package dev.jaga.server.erasure;

import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.requests.RequestClock;
import dev.jaga.server.tenant.TenantPurge;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the region's erasure sweepers on the intervals of erasure.yaml: retention expiry, the
 * subject request clock, and tenant purge. Every node of a region runs them; each sweeper takes
 * its work from PostgreSQL in a way two nodes cannot both carry out.
 */
@Singleton
public final class ErasureJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ErasureJobs.class);

  private final RetentionSweeper retention;
  private final RequestClock requestClock;
  private final TenantPurge purge;
  private final RegionConfig config;
  private final String region;
  private ScheduledExecutorService timer;

  @Inject
  ErasureJobs(RetentionSweeper retention, RequestClock requestClock, TenantPurge purge, RegionConfig config,
      @ThisRegion Region region) {
    this.retention = retention;
    this.requestClock = requestClock;
    this.purge = purge;
    this.config = config;
    this.region = region.id();
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jaga-erasure-jobs-" + region);
      t.setDaemon(true);
      return t;
    });
    schedule("retention sweep", config.erasure().retentionSweep(), retention::sweep);
    schedule("request clock", config.erasure().requestClockSweep(), requestClock::sweep);
    schedule("tenant purge", config.erasure().tenantPurgeSweep(), purge::sweep);
  }

  private void schedule(String name, Duration every, Runnable job) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        job.run();
      } catch (RuntimeException e) {
        // The next run retries; one tenant's failure must not stop the timer.
        log.warn("{} of region {} failed: {}", name, region, e.toString());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
