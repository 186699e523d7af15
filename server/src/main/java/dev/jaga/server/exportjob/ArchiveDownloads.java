package dev.jaga.server.exportjob;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyResponse;
import dev.jaga.config.ExportSettings;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.auth.Principal;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.keys.TenantKeys;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Getting a READY archive out: GetExportKey reveals the passphrase once, to the requester only, and
 * issues a download token; DownloadExport admits a call only with a token of this export issued
 * to this caller, unexpired and not used up. Refusals are audited by the call's own event; every
 * admitted download and every reveal is on the export's timeline.
 */
@Singleton
final class ArchiveDownloads {
  private final ExportSettings.Download rules;
  private final ExportRepository repository;
  private final DownloadTokens tokens;
  private final Optional<TenantKeys> keys;
  private final ArchiveStore store;
  private final ExportTimeline timeline;
  private final Clock clock;

  @Inject
  ArchiveDownloads(RegionConfig config, ExportRepository repository, DownloadTokens tokens,
      Optional<TenantKeys> keys, ArchiveStore store, ExportTimeline timeline, Clock clock) {
    this.rules = config.exports().download();
    this.repository = repository;
    this.tokens = tokens;
    this.keys = keys;
    this.store = store;
    this.timeline = timeline;
    this.clock = clock;
  }

  GetExportKeyResponse key(String tenantId, String exportId, Principal principal) {
    StoredExport export = readyFor(tenantId, exportId, principal);
    if (!export.requestedBy().equals(principal.actor())) {
      throw JagaException.of(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
          "only the person who requested this export may get its key and download it");
    }
    Instant now = clock.instant();
    TenantKeys tenantKeys = keys.orElseThrow(() -> new IllegalStateException("no tenant keys are installed"));
    DownloadTokens.Issued issued;
    try {
      issued = tokens.reveal(export, principal.actor(), tenantKeys, now, now.plus(rules.tokenTtl()), rules.maxDownloads());
    } catch (DownloadTokens.KeyGone e) {
      throw JagaException.of(Status.Code.FAILED_PRECONDITION, ErrorReason.INVALID_STATE,
          "the tenant's key was destroyed, so this archive's passphrase can no longer be opened");
    }
    GetExportKeyResponse.Builder response = GetExportKeyResponse.newBuilder()
        .setDownloadToken(issued.token())
        .setDownloadTokenExpireTime(StoredExport.timestamp(issued.expireAt()))
        .setDownloadsAllowed(issued.downloads())
        .setPassphraseAlreadyRevealed(issued.alreadyRevealed());
    issued.passphrase().ifPresent(p -> {
      response.setPassphrase(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(p)).toString());
      Arrays.fill(p, (byte) 0);
    });
    String passphrase = export.recipientKey().isPresent() ? "none (recipient key)"
        : issued.passphrase().isPresent() ? "revealed" : "already revealed, not shown";
    timeline.record(export, "key_revealed", principal.actor(),
        "passphrase=" + passphrase + " token_expires=" + issued.expireAt() + " downloads=" + issued.downloads());
    return response.build();
  }

  /** A download that may start: the file, its size and digest, from the offset asked. */
  record Admitted(Path file, long offset, long size, byte[] sha256) {}

  Admitted admit(String tenantId, String exportId, String token, long offset, Principal principal) {
    CallRecord.current().ifPresent(r -> r.scope("export=" + exportId + " offset=" + offset));
    StoredExport export = readyFor(tenantId, exportId, principal);
    // A uint64 offset of 2^63 or more arrives negative: past the end as well.
    if (offset < 0 || offset > export.archiveBytes()) {
      throw JagaException.invalidField("offset", "is past the archive's end; give 0 to "
          + export.archiveBytes() + " (the size of what you already have)");
    }
    if (token.isEmpty() || !tokens.redeem(tenantId, exportId, token, principal.actor(), clock.instant())) {
      throw JagaException.of(Status.Code.PERMISSION_DENIED, ErrorReason.DOWNLOAD_TOKEN_INVALID,
          "this download token is not valid for you and this export: it expired, was used up, or was issued"
              + " to someone else or for another export; call GetExportKey for a new one");
    }
    timeline.record(export, "downloaded", principal.actor(), "offset=" + offset + " of=" + export.archiveBytes());
    return new Admitted(store.resolve(export.archivePath().orElseThrow()), offset, export.archiveBytes(),
        export.archiveSha256());
  }

  /** The export, if it is READY; EXPORT_EXPIRED (and nothing about it) once past retention. */
  private StoredExport readyFor(String tenantId, String exportId, Principal principal) {
    CallRecord.current().ifPresent(r -> { if (r.scope().isEmpty()) r.scope("export=" + exportId); });
    StoredExport export = repository.find(tenantId, ArchiveExports.checkId(exportId))
        .orElseThrow(() -> ArchiveExports.notFound(exportId));
    if (export.expired(clock.instant())) {
      throw JagaException.of(Status.Code.FAILED_PRECONDITION, ErrorReason.EXPORT_EXPIRED,
          "this export's archive passed its retention and was deleted; request a new export");
    }
    if (export.state() != ExportState.EXPORT_STATE_READY) {
      throw JagaException.of(Status.Code.FAILED_PRECONDITION, ErrorReason.INVALID_STATE,
          "export " + exportId + " is " + StoredExport.stateText(export.state()) + "; its archive can be fetched"
              + " once it is READY");
    }
    return export;
  }
}
