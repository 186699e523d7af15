package dev.jaga.server.exportjob;

import static dev.jaga.server.db.jooq.Tables.EXPORTS;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.ExportState;
import dev.jaga.config.ExportSettings;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.db.jooq.tables.records.ExportsRecord;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * The export aggregate in {@code jaga.exports}. Every query runs in the tenant's {@link
 * TenantScope} and filters by tenant too: the policy catches a forgotten filter, the filter a
 * dropped policy. State changes are conditional updates, so two nodes never both win one.
 */
@Singleton
final class ExportRepository {
  static final Duration QUOTA_WINDOW = Duration.ofHours(24);

  private final TenantScope scope;

  @Inject
  ExportRepository(TenantScope scope) {
    this.scope = scope;
  }

  /** What CreateExport stores. */
  record NewExport(
      String exportId,
      String tenantId,
      String requestedBy,
      String requestId,
      byte[] requestSha256,
      byte[] scope,
      String scopeSummary,
      boolean csv,
      boolean attachments,
      Optional<String> recipientKey,
      String purpose,
      ExportState state,
      List<String> approvalReasons) {}

  /** The export a CreateExport call leads to, and whether this call created it. */
  record Created(StoredExport export, boolean fresh) {}

  Optional<StoredExport> find(String tenantId, String exportId) {
    return scope.inTenant(tenantId, tx -> find(tx, tenantId, exportId));
  }

  Optional<StoredExport> findByRequest(String tenantId, String requestedBy, String requestId) {
    return scope.inTenant(tenantId, tx -> tx.selectFrom(EXPORTS)
        .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.REQUESTED_BY.eq(requestedBy), EXPORTS.REQUEST_ID.eq(requestId))
        .fetchOptional()
        .map(StoredExport::of));
  }

  static Optional<StoredExport> find(DSLContext tx, String tenantId, String exportId) {
    return tx.selectFrom(EXPORTS)
        .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId))
        .fetchOptional()
        .map(StoredExport::of);
  }

  /**
   * Stores the export unless the requester already made it with this request id (a retry), after
   * checking the daily quotas. The tenant's creations are serialised by an advisory lock for the
   * length of the transaction, so the quotas hold whichever node of the region takes the call.
   */
  Created create(NewExport n, ExportSettings.Quotas quotas, Instant now) {
    return scope.inTenant(n.tenantId(), tx -> {
      tx.resultQuery("select pg_advisory_xact_lock(hashtext(?))", "jaga.exports.create:" + n.tenantId()).fetch();
      Optional<StoredExport> retry =
          tx.selectFrom(EXPORTS)
              .where(EXPORTS.TENANT_ID.eq(n.tenantId()), EXPORTS.REQUESTED_BY.eq(n.requestedBy()),
                  EXPORTS.REQUEST_ID.eq(n.requestId()))
              .fetchOptional()
              .map(StoredExport::of);
      if (retry.isPresent()) {
        return new Created(retry.get(), false);
      }
      OffsetDateTime at = utc(now);
      Condition recent = EXPORTS.TENANT_ID.eq(n.tenantId()).and(EXPORTS.CREATED_AT.gt(utc(now.minus(QUOTA_WINDOW))));
      quota(tx, recent, quotas.perTenantPerDay(), now, "tenant " + n.tenantId());
      quota(tx, recent.and(EXPORTS.REQUESTED_BY.eq(n.requestedBy())), quotas.perUserPerDay(), now, "you");
      ExportsRecord r = tx.newRecord(EXPORTS);
      r.setExportId(n.exportId());
      r.setTenantId(n.tenantId());
      r.setRequestedBy(n.requestedBy());
      r.setRequestId(n.requestId());
      r.setRequestSha256(n.requestSha256());
      r.setScope(n.scope());
      r.setScopeSummary(n.scopeSummary());
      r.setCsv(n.csv());
      r.setAttachments(n.attachments());
      r.setRecipientKey(n.recipientKey().orElse(null));
      r.setPurpose(n.purpose());
      r.setState(StoredExport.stateText(n.state()));
      r.setApprovalReasons(n.approvalReasons().toArray(String[]::new));
      r.setCreatedAt(at);
      r.setUpdatedAt(at);
      r.store();
      return new Created(find(tx, n.tenantId(), n.exportId()).orElseThrow(), true);
    });
  }

  /** Over quota when {@code limit} exports already match in the window; says when one more fits. */
  private static void quota(DSLContext tx, Condition window, int limit, Instant now, String who) {
    Optional<OffsetDateTime> limitTh =
        tx.select(EXPORTS.CREATED_AT).from(EXPORTS).where(window)
            .orderBy(EXPORTS.CREATED_AT.desc()).offset(limit - 1).limit(1)
            .fetchOptional(EXPORTS.CREATED_AT);
    if (limitTh.isPresent()) {
      Duration wait = Duration.between(now, limitTh.get().toInstant().plus(QUOTA_WINDOW));
      throw new JagaException(
          Status.Code.RESOURCE_EXHAUSTED,
          ErrorReason.QUOTA_EXCEEDED,
          who + " already requested " + limit + " exports in the last 24 hours, the most allowed;"
              + " retry after the delay given, or ask an operator to raise exports.yaml's quota",
          Map.of("limit", Integer.toString(limit)),
          List.of()).retryAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
  }

  /** A tenant's exports, newest first, after {@code after} (the last of the previous page). */
  List<StoredExport> page(
      String tenantId, Optional<ExportState> state, Optional<PageToken> after, int limit) {
    return scope.inTenant(tenantId, tx -> {
      Condition c = EXPORTS.TENANT_ID.eq(tenantId);
      if (state.isPresent()) {
        c = c.and(EXPORTS.STATE.eq(StoredExport.stateText(state.get())));
      }
      if (after.isPresent()) {
        c = c.and(org.jooq.impl.DSL.row(EXPORTS.CREATED_AT, EXPORTS.EXPORT_ID)
            .lt(utc(after.get().createdAt()), after.get().exportId()));
      }
      return tx.selectFrom(EXPORTS).where(c)
          .orderBy(EXPORTS.CREATED_AT.desc(), EXPORTS.EXPORT_ID.desc())
          .limit(limit)
          .fetch(StoredExport::of);
    });
  }

  /**
   * Moves the export to {@code to} with {@code changes} if it is in one of {@code from}; empty
   * when it is not (someone else moved it first), or does not exist for this tenant.
   */
  Optional<StoredExport> transition(
      String tenantId, String exportId, Collection<ExportState> from, ExportState to,
      Map<Field<?>, Object> changes, Instant now) {
    return scope.inTenant(tenantId, tx -> transition(tx, tenantId, exportId, from, to, changes, now));
  }

  static Optional<StoredExport> transition(
      DSLContext tx, String tenantId, String exportId, Collection<ExportState> from, ExportState to,
      Map<Field<?>, Object> changes, Instant now) {
    Map<Field<?>, Object> set = new java.util.LinkedHashMap<>(changes);
    set.put(EXPORTS.STATE, StoredExport.stateText(to));
    set.put(EXPORTS.UPDATED_AT, utc(now));
    return tx.update(EXPORTS)
        .set(set)
        .where(EXPORTS.TENANT_ID.eq(tenantId), EXPORTS.EXPORT_ID.eq(exportId),
            EXPORTS.STATE.in(from.stream().map(StoredExport::stateText).toList()))
        .returning()
        .fetchOptional()
        .map(StoredExport::of);
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
