package dev.jaga.server.exportjob;

import dev.jaga.config.ExportSettings;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.keys.TenantKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's share of the region's export jobs: every {@code poll_interval} (and at once when an
 * export is queued here) it asks the database what is due, claims what it has room for, runs each
 * claimed job on its own thread, and lets the retention sweeper expire old archives. Any node of
 * the region may run any job; one whose node died is taken over once its heartbeat is stale.
 */
@Singleton
public final class ExportWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExportWorker.class);
  /** Jobs this node runs at once (each is one database snapshot and one archive being written). */
  static final int SLOTS = 2;

  private final ExportSettings settings;
  private final JobLeases leases;
  private final RetentionSweeper sweeper;
  private final Clock clock;
  private final Optional<JobRun.Context> context;
  private final String node;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService jobs;
  private final Map<String, JobRun> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Inject
  ExportWorker(
      RegionConfig config,
      @ThisRegion Region region,
      JobLeases leases,
      ArchiveStore store,
      RetentionSweeper sweeper,
      ExportTimeline timeline,
      Clock clock,
      Optional<ArchiveProducer> producer,
      Optional<TenantKeys> keys) {
    this.settings = config.exports();
    this.leases = leases;
    this.sweeper = sweeper;
    this.clock = clock;
    this.node = region.id() + "/" + Secrets.newId().substring(0, 8);
    this.scheduler = Executors.newScheduledThreadPool(1, r -> daemon(r, "jaga-export-worker-" + node));
    this.jobs = Executors.newFixedThreadPool(SLOTS, r -> daemon(r, "jaga-export-job-" + node));
    this.context = producer.isPresent() && keys.isPresent()
        ? Optional.of(new JobRun.Context(
            leases, store, producer.get(), keys.get(), timeline, clock, settings, scheduler, node))
        : Optional.empty();
    if (context.isEmpty()) {
      log.warn("region {}: no archive producer or tenant keys are installed; archive exports stay QUEUED",
          region.id());
    }
  }

  /** Starts polling; called once the node serves. */
  public void start() {
    long every = settings.job().pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** This node's name in leases and audit events: {@code <region>/<random>}, new at every start. */
  public String node() {
    return node;
  }

  /** Looks for work soon, without waiting for the next poll (an export was just queued). */
  void poke() {
    try {
      scheduler.execute(this::pollQuietly);
    } catch (RejectedExecutionException stopped) {
      // the node is stopping; another node, or this one restarted, will find the job
    }
  }

  /** Stops the producer of a job running on this node, if it is (its export was cancelled). */
  void cancelled(String exportId) {
    Optional.ofNullable(running.get(exportId)).ifPresent(JobRun::cancel);
  }

  /**
   * One look at the region's due work: expires archives past retention and claims as many jobs as
   * this node has free slots for. Returns how many jobs it started.
   */
  public synchronized int pollOnce() {
    if (closed) {
      return 0;
    }
    Instant now = clock.instant();
    Instant staleBefore = now.minus(settings.job().staleAfter());
    int started = 0;
    for (JobLeases.Due due : leases.due(now, staleBefore, 100)) {
      if (due.kind().equals("expire")) {
        sweeper.expire(due.tenantId(), due.exportId());
      } else if (context.isPresent() && running.size() < SLOTS && claim(due, now, staleBefore)) {
        started++;
      }
    }
    return started;
  }

  private boolean claim(JobLeases.Due due, Instant now, Instant staleBefore) {
    int max = settings.job().maxAttempts();
    String exhausted = "its job was started " + max + " times and the node running it stopped responding"
        + " each time; request the export again (a narrower scope runs shorter), and tell your operator";
    Optional<JobLeases.Claim> claim = leases.claim(due.tenantId(), due.exportId(), node, now, staleBefore,
        settings.quotas().runningPerTenant(), max, exhausted);
    if (claim.isEmpty()) {
      return false;
    }
    JobRun.Context c = context.get();
    if (claim.get() instanceof JobLeases.Claim.Exhausted x) {
      c.timeline().record(x.export(), "failed", actor(), "attempts=" + x.export().attempts() + " node stopped responding");
      return false;
    }
    JobLeases.Claim.Started s = (JobLeases.Claim.Started) claim.get();
    c.timeline().record(s.export(), "started", actor(),
        "attempt=" + s.export().attempts() + (s.takenOver() ? " taken over from a node that stopped responding" : ""));
    JobRun run = new JobRun(c, s.export(), s.leaseId());
    running.put(run.exportId(), run);
    jobs.execute(() -> {
      try {
        run.run();
      } finally {
        running.remove(run.exportId(), run);
        poke();
      }
    });
    return true;
  }

  private void pollQuietly() {
    try {
      pollOnce();
    } catch (RuntimeException e) {
      log.warn("export worker {}: poll failed: {}", node, e.toString());
    }
  }

  private String actor() {
    return "system:export-worker@" + node;
  }

  /**
   * Stops polling and abandons the jobs running here without touching their rows: like a node that
   * dies, their leases expire after stale_after and another node (or this one restarted) re-runs them.
   */
  @Override
  public void close() {
    closed = true;
    running.values().forEach(JobRun::abandon);
    scheduler.shutdownNow();
    jobs.shutdownNow();
    try {
      jobs.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
