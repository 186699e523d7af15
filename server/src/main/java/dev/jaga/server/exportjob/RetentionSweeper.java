package dev.jaga.server.exportjob;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import java.time.Clock;
import java.time.Instant;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes archives past their retention (exports.yaml {@code archive_retention}): the file goes,
 * then the export becomes EXPIRED, forgetting its sealed passphrase and download tokens, and the
 * expiry is audited. The export worker runs it on every poll; tests call {@link #sweepOnce()}.
 */
@Singleton
public final class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  private final JobLeases leases;
  private final ArchiveStore store;
  private final ExportTimeline timeline;
  private final Clock clock;
  private final String actor;

  @Inject
  RetentionSweeper(JobLeases leases, ArchiveStore store, ExportTimeline timeline, Clock clock,
      @ThisRegion Region region) {
    this.leases = leases;
    this.store = store;
    this.timeline = timeline;
    this.clock = clock;
    this.actor = "system:retention-sweeper@" + region.id();
  }

  /** Expires every archive due at the clock's now; returns how many. */
  public int sweepOnce() {
    Instant now = clock.instant();
    int expired = 0;
    for (JobLeases.Due due : leases.due(now, Instant.EPOCH, 1000)) {
      if (due.kind().equals("expire") && expire(due.tenantId(), due.exportId())) {
        expired++;
      }
    }
    return expired;
  }

  boolean expire(String tenantId, String exportId) {
    try {
      return leases.expire(tenantId, exportId, clock.instant(), path -> {
            if (path != null) {
              store.delete(path);
            }
          })
          .map(e -> {
            timeline.record(e, "expired", actor, "");
            return true;
          })
          .orElse(false);
    } catch (RuntimeException e) {
      log.warn("could not expire export {}: {}", exportId, e.toString());
      return false;
    }
  }
}
