package dev.jaga.server.exportjob;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportFormats;
import dev.jaga.api.v1.ExportProgress;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.Scope;
import dev.jaga.server.db.jooq.tables.records.ExportsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** One row of {@code jaga.exports}: an archive export request and the state of its job. */
record StoredExport(
    String exportId,
    String tenantId,
    String requestedBy,
    String requestId,
    byte[] requestSha256,
    Scope scope,
    String scopeSummary,
    ExportFormats formats,
    Optional<String> recipientKey,
    String purpose,
    ExportState state,
    List<String> approvalReasons,
    Optional<String> approvedBy,
    Optional<String> rejectionReason,
    Optional<String> failureReason,
    ExportProgress progress,
    int attempts,
    Optional<String> leaseId,
    Optional<Instant> heartbeatAt,
    Optional<String> archivePath,
    long archiveBytes,
    byte[] archiveSha256,
    boolean hasSealedPassphrase,
    Optional<Instant> keyRevealedAt,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> expireAt) {

  private static final String PREFIX = "EXPORT_STATE_";

  static String stateText(ExportState state) {
    return state.name().substring(PREFIX.length());
  }

  static ExportState state(String text) {
    return ExportState.valueOf(PREFIX + text);
  }

  static StoredExport of(ExportsRecord r) {
    Scope scope;
    try {
      scope = Scope.parseFrom(r.getScope());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("export " + r.getExportId() + " holds an unreadable scope", e);
    }
    return new StoredExport(
        r.getExportId(),
        r.getTenantId(),
        r.getRequestedBy(),
        r.getRequestId(),
        r.getRequestSha256(),
        scope,
        r.getScopeSummary(),
        ExportFormats.newBuilder().setCsv(r.getCsv()).setAttachments(r.getAttachments()).build(),
        Optional.ofNullable(r.getRecipientKey()),
        r.getPurpose(),
        state(r.getState()),
        List.of(r.getApprovalReasons()),
        Optional.ofNullable(r.getApprovedBy()),
        Optional.ofNullable(r.getRejectionReason()),
        Optional.ofNullable(r.getFailureReason()),
        ExportProgress.newBuilder()
            .setEntitiesDone(r.getEntitiesDone())
            .setEntitiesTotal(r.getEntitiesTotal())
            .setRows(r.getRowsWritten())
            .setBytes(r.getBytesWritten())
            .build(),
        r.getAttempts(),
        Optional.ofNullable(r.getLeaseId()),
        instant(r.getHeartbeatAt()),
        Optional.ofNullable(r.getArchivePath()),
        r.getArchiveBytes() == null ? 0 : r.getArchiveBytes(),
        r.getArchiveSha256() == null ? new byte[0] : r.getArchiveSha256(),
        r.getSealedPassphrase() != null,
        instant(r.getKeyRevealedAt()),
        r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant(),
        instant(r.getExpireAt()));
  }

  /** READY, and its retention not yet over at {@code now} (the sweeper may not have run yet). */
  boolean downloadable(Instant now) {
    return state == ExportState.EXPORT_STATE_READY && expireAt.map(now::isBefore).orElse(false);
  }

  /** Past its retention: EXPIRED, or READY with expire_time gone by. */
  boolean expired(Instant now) {
    return state == ExportState.EXPORT_STATE_EXPIRED
        || (state == ExportState.EXPORT_STATE_READY && expireAt.map(e -> !now.isBefore(e)).orElse(false));
  }

  /** As the API shows it: never the passphrase, the lease or the file's place. */
  Export toProto() {
    Export.Builder b =
        Export.newBuilder()
            .setExportId(exportId)
            .setTenantId(tenantId)
            .setState(state)
            .setScope(scope)
            .setFormats(formats)
            .setRequestedBy(requestedBy)
            .addAllApprovalReasons(approvalReasons)
            .setProgress(progress)
            .setEncryptedToRecipient(recipientKey.isPresent())
            .setCreateTime(timestamp(createdAt))
            .setUpdateTime(timestamp(updatedAt));
    approvedBy.ifPresent(b::setApprovedBy);
    rejectionReason.ifPresent(b::setRejectionReason);
    failureReason.ifPresent(b::setFailureReason);
    if (state == ExportState.EXPORT_STATE_READY) {
      b.setArchiveBytes(archiveBytes).setArchiveSha256(ByteString.copyFrom(archiveSha256));
      expireAt.ifPresent(e -> b.setExpireTime(timestamp(e)));
    }
    return b.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static Optional<Instant> instant(OffsetDateTime t) {
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }
}
