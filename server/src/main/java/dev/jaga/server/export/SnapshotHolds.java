package dev.jaga.server.export;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of streams whose connection broke, kept for a grace period so that a client that
 * reconnects with its resume token continues on the very same snapshot. A held snapshot is the
 * open read-only transaction that exported it (its cursor already closed); after the grace it is
 * rolled back, and a later resumption continues on a new snapshot and says so. Only a broken
 * connection parks a snapshot: an explicit cancel, an error or the end of a stream releases it at
 * once. At most {@link #MAX_HELD} are held per node, so broken clients cannot drain the pool.
 */
@Singleton
final class SnapshotHolds implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotHolds.class);
  static final Duration GRACE = Duration.ofSeconds(60);
  static final int MAX_HELD = 4;

  private final Map<String, Connection> held = new LinkedHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaga-export-snapshot-grace");
        t.setDaemon(true);
        return t;
      });

  @Inject
  SnapshotHolds() {}

  /** Keeps {@code holder}'s transaction (which exported {@code snapshotId}) open for the grace. */
  void park(String snapshotId, Connection holder) {
    synchronized (held) {
      if (held.size() >= MAX_HELD) {
        log.info("not holding snapshot {} for a resumption: {} are held already", snapshotId, MAX_HELD);
        end(holder);
        return;
      }
      held.put(snapshotId, holder);
    }
    timer.schedule(() -> release(snapshotId), GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the hold of {@code snapshotId} if this node has it (resumed on it, or the grace passed). */
  void release(String snapshotId) {
    Connection holder;
    synchronized (held) {
      holder = held.remove(snapshotId);
    }
    if (holder != null) {
      end(holder);
    }
  }

  static void end(Connection holder) {
    try {
      holder.rollback();
    } catch (SQLException ignored) {
      // A broken connection has no transaction left to end.
    }
    try {
      holder.close();
    } catch (SQLException ignored) {
      // Nothing more to release.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    synchronized (held) {
      held.values().forEach(SnapshotHolds::end);
      held.clear();
    }
  }
}
