package dev.jaga.server.exportjob;

import static dev.jaga.server.db.jooq.Tables.EXPORTS;
import static dev.jaga.server.db.jooq.Tables.EXPORT_DOWNLOAD_TOKENS;
import static dev.jaga.server.exportjob.ExportRepository.utc;

import dev.jaga.api.v1.ExportState;
import dev.jaga.server.db.TenantScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * The durable job's leases in {@code jaga.exports}: which exports have work due, claiming one for
 * this node (exactly one node wins: the row is locked with SKIP LOCKED and the state re-checked),
 * heartbeats, and the end of an attempt. A lost lease (the export was cancelled, or the node was
 * taken for dead and another re-ran it) makes every later write of the old attempt a no-op.
 */
@Singleton
final class JobLeases {
  private static final List<ExportState> RUNNING = List.of(ExportState.EXPORT_STATE_RUNNING);

  private final DSLContext dsl;
  private final TenantScope scope;

  @Inject
  JobLeases(DSLContext dsl, TenantScope scope) {
    this.dsl = dsl;
    this.scope = scope;
  }

  /** Work due in the region: {@code run} (queued, or running on a dead node) or {@code expire}. */
  record Due(String exportId, String tenantId, String kind) {}

  /** The outcome of a claim. */
  sealed interface Claim {
    /** This node now runs the export under {@code leaseId}. */
    record Started(StoredExport export, String leaseId, boolean takenOver) implements Claim {}

    /** The export had used up its attempts and is now FAILED. */
    record Exhausted(StoredExport export) implements Claim {}
  }

  List<Due> due(Instant now, Instant staleBefore, int limit) {
    return dsl.resultQuery("select export_id, tenant_id, kind from jaga.export_work_due(cast(? as timestamptz), cast(? as timestamptz), cast(? as integer))",
            utc(now), utc(staleBefore), limit)
        .fetch(r -> new Due(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class)));
  }

  /**
   * Claims the export for this node if it is still queued (or its node is dead) and the tenant has
   * fewer than {@code runningLimit} live jobs. Claims of one tenant are serialised by an advisory
   * lock, so the limit holds across the region's nodes.
   */
  Optional<Claim> claim(
      String tenantId, String exportId, String node, Instant now, Instant staleBefore,
      int runningLimit, int maxAttempts, String exhaustedReason) {
    return scope.inTenant(tenantId, tx -> {
      tx.resultQuery("select pg_advisory_xact_lock(hashtext(?))", "jaga.exports.run:" + tenantId).fetch();
      var row = tx.selectFrom(EXPORTS)
          .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId),
              EXPORTS.STATE.eq("QUEUED").or(EXPORTS.STATE.eq("RUNNING").and(EXPORTS.HEARTBEAT_AT.lt(utc(staleBefore)))))
          .forUpdate().skipLocked()
          .fetchOptional();
      if (row.isEmpty()) {
        return Optional.<Claim>empty();
      }
      boolean takenOver = row.get().getState().equals("RUNNING");
      int live = tx.fetchCount(EXPORTS, EXPORTS.TENANT_ID.eq(tenantId)
          .and(EXPORTS.STATE.eq("RUNNING")).and(EXPORTS.HEARTBEAT_AT.ge(utc(staleBefore)))
          .and(EXPORTS.EXPORT_ID.ne(exportId)));
      if (live >= runningLimit) {
        return Optional.<Claim>empty();
      }
      List<ExportState> from = List.of(StoredExport.state(row.get().getState()));
      if (row.get().getAttempts() >= maxAttempts) {
        return ExportRepository.transition(tx, tenantId, exportId, from, ExportState.EXPORT_STATE_FAILED,
                Map.of(EXPORTS.FAILURE_REASON, exhaustedReason, EXPORTS.LEASE_ID, "", EXPORTS.LEASED_BY, node), now)
            .map(e -> (Claim) new Claim.Exhausted(e));
      }
      String lease = Secrets.newId();
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      set.put(EXPORTS.ATTEMPTS, row.get().getAttempts() + 1);
      set.put(EXPORTS.LEASE_ID, lease);
      set.put(EXPORTS.LEASED_BY, node);
      set.put(EXPORTS.HEARTBEAT_AT, utc(now));
      set.put(EXPORTS.ENTITIES_DONE, 0);
      set.put(EXPORTS.ENTITIES_TOTAL, 0);
      set.put(EXPORTS.ROWS_WRITTEN, 0L);
      set.put(EXPORTS.BYTES_WRITTEN, 0L);
      return ExportRepository.transition(tx, tenantId, exportId, from, ExportState.EXPORT_STATE_RUNNING, set, now)
          .map(e -> (Claim) new Claim.Started(e, lease, takenOver));
    });
  }

  /** Records that the attempt is alive, with its progress; false once its lease is lost. */
  boolean heartbeat(String tenantId, String exportId, String lease, long[] progress, Instant now) {
    return scope.inTenant(tenantId, tx -> tx.update(EXPORTS)
        .set(EXPORTS.HEARTBEAT_AT, utc(now))
        .set(EXPORTS.ENTITIES_DONE, (int) progress[0])
        .set(EXPORTS.ENTITIES_TOTAL, (int) progress[1])
        .set(EXPORTS.ROWS_WRITTEN, progress[2])
        .set(EXPORTS.BYTES_WRITTEN, progress[3])
        .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId),
            EXPORTS.LEASE_ID.eq(lease), EXPORTS.STATE.eq("RUNNING"))
        .execute() == 1);
  }

  /** What a finished attempt records. */
  record Finished(String archivePath, long bytes, byte[] sha256, byte[] sealedPassphrase, long[] progress,
      Instant expireAt) {}

  /** Something that must happen inside the completing transaction (moving the file into place). */
  interface Publish {
    void run() throws java.io.IOException;
  }

  /** Deletes an expiring export's file, given its path in the store. */
  interface Delete {
    void run(String archivePath) throws java.io.IOException;
  }

  /**
   * Marks the export READY if this attempt still holds its lease, publishing the file in the same
   * transaction: if the lease is lost, nothing is published; if publishing fails, it stays RUNNING.
   */
  Optional<StoredExport> complete(
      String tenantId, String exportId, String lease, Finished f, Instant now, Publish publish) {
    return scope.inTenant(tenantId, tx -> {
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      set.put(EXPORTS.ARCHIVE_PATH, f.archivePath());
      set.put(EXPORTS.ARCHIVE_BYTES, f.bytes());
      set.put(EXPORTS.ARCHIVE_SHA256, f.sha256());
      set.put(EXPORTS.SEALED_PASSPHRASE, f.sealedPassphrase());
      set.put(EXPORTS.EXPIRE_AT, utc(f.expireAt()));
      set.put(EXPORTS.HEARTBEAT_AT, utc(now));
      set.put(EXPORTS.ENTITIES_DONE, (int) f.progress()[0]);
      set.put(EXPORTS.ENTITIES_TOTAL, (int) f.progress()[1]);
      set.put(EXPORTS.ROWS_WRITTEN, f.progress()[2]);
      set.put(EXPORTS.BYTES_WRITTEN, f.progress()[3]);
      Optional<StoredExport> ready = tx.update(EXPORTS)
          .set(withState(set, ExportState.EXPORT_STATE_READY, now))
          .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId),
              EXPORTS.LEASE_ID.eq(lease), EXPORTS.STATE.eq("RUNNING"))
          .returning().fetchOptional().map(StoredExport::of);
      if (ready.isPresent()) {
        try {
          publish.run();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return ready;
    });
  }

  /** Ends a failed attempt: queued again while attempts remain, else FAILED with {@code finalReason}. */
  Optional<StoredExport> attemptFailed(
      String tenantId, String exportId, String lease, int maxAttempts, String retryReason, String finalReason,
      Instant now) {
    return scope.inTenant(tenantId, tx -> {
      var row = tx.selectFrom(EXPORTS)
          .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId),
              EXPORTS.LEASE_ID.eq(lease), EXPORTS.STATE.eq("RUNNING"))
          .forUpdate().fetchOptional();
      if (row.isEmpty()) {
        return Optional.<StoredExport>empty();
      }
      boolean last = row.get().getAttempts() >= maxAttempts;
      return ExportRepository.transition(tx, tenantId, exportId, RUNNING,
          last ? ExportState.EXPORT_STATE_FAILED : ExportState.EXPORT_STATE_QUEUED,
          Map.of(EXPORTS.FAILURE_REASON, last ? finalReason : retryReason, EXPORTS.LEASE_ID, ""), now);
    });
  }

  /**
   * Expires a READY export past its retention: {@code delete} removes the file inside the
   * transaction, then the export forgets its file, its sealed passphrase and its download tokens.
   */
  Optional<StoredExport> expire(String tenantId, String exportId, Instant now, Delete delete) {
    return scope.inTenant(tenantId, tx -> {
      var row = tx.selectFrom(EXPORTS)
          .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId), EXPORTS.STATE.eq("READY"),
              EXPORTS.EXPIRE_AT.le(utc(now)))
          .forUpdate().skipLocked().fetchOptional();
      if (row.isEmpty()) {
        return Optional.<StoredExport>empty();
      }
      try {
        delete.run(row.get().getArchivePath());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      tx.deleteFrom(EXPORT_DOWNLOAD_TOKENS)
          .where(EXPORT_DOWNLOAD_TOKENS.TENANT_ID.eq(tenantId), EXPORT_DOWNLOAD_TOKENS.EXPORT_ID.eq(exportId))
          .execute();
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      set.put(EXPORTS.ARCHIVE_PATH, null);
      set.put(EXPORTS.SEALED_PASSPHRASE, null);
      return ExportRepository.transition(tx, tenantId, exportId, List.of(ExportState.EXPORT_STATE_READY),
          ExportState.EXPORT_STATE_EXPIRED, set, now);
    });
  }

  private static Map<Field<?>, Object> withState(Map<Field<?>, Object> set, ExportState state, Instant now) {
    set.put(EXPORTS.STATE, StoredExport.stateText(state));
    set.put(EXPORTS.UPDATED_AT, utc(now));
    return set;
  }
}
