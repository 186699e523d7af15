package dev.jaga.server.audit;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.grpc.JagaException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of the region's audit chain: callers enqueue events, one thread writes them in
 * batches (group commit), and each caller's future completes with its event's sequence only once
 * the batch holding it is committed, or exceptionally with UNAVAILABLE ({@code AUDIT_UNAVAILABLE})
 * if it cannot be written, so that no call is ever served unaudited.
 *
 * <p>Futures complete on the log's own completion thread, never the writer's: a caller's dependent
 * stage cannot slow the chain down, but it should not block either (use the {@code *Async} forms
 * with the caller's executor for real work).
 *
 * <p>An event nobody waits for ({@link #appendBehind}) joins the next batch written for other
 * events, or is written with its like once the oldest of them has waited {@link #BEHIND_WAIT} (the
 * writer looks at least every 100 ms, so within 0.2 s): a region that only forwards calls then
 * commits a few times a second, not once per call.
 */
@Singleton
public final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  static final int DEFAULT_CAPACITY = 10_000;
  static final int DEFAULT_MAX_BATCH = 500;
  /**
   * How long the writer waits for more events before writing a batch that is not full. None:
   * events that arrive while a batch commits form the next one, so batches grow with the load by
   * themselves, and waiting only adds latency (AuditThroughputTiming: with 16 callers, 2 ms of
   * linger halved the throughput and doubled the median latency; with 64, it cost 20-30 %).
   */
  static final Duration DEFAULT_LINGER = Duration.ZERO;

  /** How long an event appended behind its call waits, at most, for other events to share a commit. */
  static final Duration BEHIND_WAIT = Duration.ofMillis(100);

  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private record Pending(AuditEvent event, CompletableFuture<Long> done, long queuedAt) {
    Pending(AuditEvent event) {
      this(event, new CompletableFuture<>(), System.nanoTime());
    }
  }

  private final ChainWriter chain;
  private final String region;
  private final BlockingQueue<Pending> queue;
  private final BlockingQueue<Pending> behind;
  private final int maxBatch;
  private final long lingerNanos;
  private final Thread writer;
  private final ExecutorService completer;
  private volatile boolean closed;

  /** Starts the writer thread; {@link #close()} stops it. */
  @Inject
  public AuditLog(DSLContext dsl, Clock clock, AuditKey key, @ThisRegion Region region) {
    this(dsl, clock, key, region.id(), DEFAULT_CAPACITY, DEFAULT_MAX_BATCH, DEFAULT_LINGER);
  }

  AuditLog(
      DSLContext dsl,
      Clock clock,
      AuditKey key,
      String region,
      int capacity,
      int maxBatch,
      Duration linger) {
    if (maxBatch < 1 || maxBatch > ChainWriter.MAX_BATCH) {
      throw new IllegalArgumentException("maxBatch must be 1 to " + ChainWriter.MAX_BATCH);
    }
    this.chain = new ChainWriter(dsl, clock, key, region);
    this.region = region;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.behind = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.completer =
        Executors.newSingleThreadExecutor(
            r -> daemon(r, "jaga-audit-complete-" + region));
    this.writer = daemon(this::run, "jaga-audit-writer-" + region);
    writer.start();
  }

  /**
   * Enqueues {@code event}; the future completes with its sequence once it is durable. Never
   * blocks: when the log is closed or its queue is full the future has already failed.
   */
  public CompletableFuture<Long> append(AuditEvent event) {
    return enqueue(event, queue);
  }

  /**
   * Enqueues {@code event} for a call that does not wait for it: it is written with the next batch,
   * or within 0.2 s when no other event comes. The future is as {@link #append}'s; a failure is
   * logged (here or with its batch), since nobody may be looking at it.
   */
  public CompletableFuture<Long> appendBehind(AuditEvent event) {
    CompletableFuture<Long> done = enqueue(event, behind);
    if (done.isCompletedExceptionally()) {
      log.warn("could not queue an audit event of {} behind its call: {}", region, event.method());
    }
    return done;
  }

  private CompletableFuture<Long> enqueue(AuditEvent event, BlockingQueue<Pending> into) {
    if (!event.region().equals(region)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "an event of region " + event.region() + " does not belong in the chain of " + region));
    }
    if (closed) {
      return CompletableFuture.failedFuture(unavailable("the audit log is shutting down"));
    }
    Pending pending = new Pending(event);
    if (!into.offer(pending)) {
      return CompletableFuture.failedFuture(unavailable("the audit log is overloaded"));
    }
    // close() may have run between the check and the offer, after the writer's last look at the
    // queue: whoever removes the event first decides its fate, so it is never left pending.
    if (closed && into.remove(pending)) {
      pending.done().completeExceptionally(unavailable("the audit log is shutting down"));
    }
    return pending.done();
  }

  /** Writes what is queued, then stops the writer. Appends after this fail at once. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(60));
      if (writer.isAlive()) {
        log.error("the audit writer of {} did not finish within a minute", region);
      }
      completer.shutdown();
      completer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (true) {
        Pending first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
        List<Pending> batch = new ArrayList<>(maxBatch);
        if (first != null) {
          batch.add(first);
          collect(batch);
        }
        // Events nobody waits for ride along with any batch, or go once the oldest is due.
        if (first != null || closed || behindDue()) {
          behind.drainTo(batch, maxBatch - batch.size());
        }
        if (!batch.isEmpty()) {
          write(batch);
        } else if (closed && queue.isEmpty() && behind.isEmpty()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      closed = true;
      List<Pending> left = new ArrayList<>();
      queue.drainTo(left);
      behind.drainTo(left);
      fail(left, new IllegalStateException("interrupted"));
    }
  }

  /** How long the writer may wait for an event before the oldest of those behind is due. */
  private long waitNanos() {
    Pending oldest = behind.peek();
    if (oldest == null) {
      return IDLE_POLL_NANOS;
    }
    return Math.max(0, oldest.queuedAt() + BEHIND_WAIT.toNanos() - System.nanoTime());
  }

  private boolean behindDue() {
    Pending oldest = behind.peek();
    return oldest != null && System.nanoTime() - oldest.queuedAt() >= BEHIND_WAIT.toNanos();
  }

  /** Adds what has arrived (and what arrives within the linger time), up to a full batch. */
  private void collect(List<Pending> batch) throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    while (batch.size() < maxBatch) {
      queue.drainTo(batch, maxBatch - batch.size());
      long left = deadline - System.nanoTime();
      if (batch.size() >= maxBatch || left <= 0 || closed) {
        return;
      }
      Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
  }

  private void write(List<Pending> batch) {
    long last;
    try {
      last = chain.append(batch.stream().map(Pending::event).toList());
    } catch (RuntimeException | Error e) {
      fail(batch, e);
      return;
    }
    long first = last - batch.size() + 1;
    complete(
        () -> {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(first + i);
          }
        });
  }

  /** On the completion thread; inline only if close() gave up waiting and already stopped it. */
  private void complete(Runnable completion) {
    try {
      completer.execute(completion);
    } catch (RejectedExecutionException stopped) {
      completion.run();
    }
  }

  private void fail(List<Pending> batch, Throwable cause) {
    if (batch.isEmpty()) {
      return;
    }
    // Logged here, once per batch; the callers' status says only that audit is unavailable.
    log.warn(
        "could not write {} audit event(s) to the chain of {}; their calls fail: {}",
        batch.size(),
        region,
        cause.toString());
    JagaException failure = unavailable("the audit log cannot record this call; retry later");
    complete(() -> batch.forEach(p -> p.done().completeExceptionally(failure)));
  }

  private static JagaException unavailable(String message) {
    return JagaException.unavailable(ErrorReason.AUDIT_UNAVAILABLE, message);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
