package dev.jaga.server.exportjob;

import static dev.jaga.server.db.jooq.Tables.EXPORTS;
import static dev.jaga.server.db.jooq.Tables.EXPORT_DOWNLOAD_TOKENS;
import static dev.jaga.server.exportjob.ExportRepository.utc;

import dev.jaga.server.db.TenantScope;
import dev.jaga.server.keys.KeyDestroyedException;
import dev.jaga.server.keys.TenantKeys;
import java.time.Instant;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Passphrase reveals and download tokens in the database. A passphrase is opened and destroyed in
 * one transaction, so it can be revealed once only however many calls race for it; a token is
 * stored as its SHA-256, bound to one export and one principal, and redeemed by one conditional
 * update, so a one-download token admits exactly one download however many try at once.
 */
@Singleton
final class DownloadTokens {
  private final TenantScope scope;

  @Inject
  DownloadTokens(TenantScope scope) {
    this.scope = scope;
  }

  /** What GetExportKey hands out: the passphrase if this call revealed it, and a new token. */
  record Issued(Optional<byte[]> passphrase, boolean alreadyRevealed, String token, Instant expireAt, int downloads) {}

  /** The key-destroyed case, as an unchecked exception so it can leave a transaction. */
  static final class KeyGone extends RuntimeException {
    KeyGone(KeyDestroyedException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  Issued reveal(StoredExport export, String principal, TenantKeys keys, Instant now, Instant tokenExpiry,
      int downloads) {
    return scope.inTenant(export.tenantId(), tx -> {
      var row = tx.selectFrom(EXPORTS)
          .where(EXPORTS.TENANT_ID.eq(export.tenantId()), EXPORTS.EXPORT_ID.eq(export.exportId()),
              EXPORTS.STATE.eq("READY"))
          .forUpdate().fetchOptional().orElseThrow(() -> new IllegalStateException("no longer READY"));
      Optional<byte[]> passphrase = Optional.empty();
      boolean already = row.getSealedPassphrase() == null && row.getKeyRevealedAt() != null;
      if (row.getSealedPassphrase() != null) {
        try {
          // In this transaction: a second connection, waited for while holding the row lock,
          // would let a pool-sized burst of reveals wait on each other until they time out.
          passphrase = Optional.of(keys.open(tx, export.tenantId(), row.getSealedPassphrase()));
        } catch (KeyDestroyedException e) {
          throw new KeyGone(e);
        }
        tx.update(EXPORTS).set(EXPORTS.SEALED_PASSPHRASE, (byte[]) null).set(EXPORTS.KEY_REVEALED_AT, utc(now))
            .where(EXPORTS.TENANT_ID.eq(export.tenantId()), EXPORTS.EXPORT_ID.eq(export.exportId()))
            .execute();
      }
      String token = Secrets.newToken();
      tx.insertInto(EXPORT_DOWNLOAD_TOKENS)
          .set(EXPORT_DOWNLOAD_TOKENS.TOKEN_SHA256, Secrets.sha256(token))
          .set(EXPORT_DOWNLOAD_TOKENS.EXPORT_ID, export.exportId())
          .set(EXPORT_DOWNLOAD_TOKENS.TENANT_ID, export.tenantId())
          .set(EXPORT_DOWNLOAD_TOKENS.ISSUED_TO, principal)
          .set(EXPORT_DOWNLOAD_TOKENS.EXPIRE_AT, utc(tokenExpiry))
          .set(EXPORT_DOWNLOAD_TOKENS.DOWNLOADS_LEFT, downloads)
          .set(EXPORT_DOWNLOAD_TOKENS.CREATED_AT, utc(now))
          .execute();
      return new Issued(passphrase, already, token, tokenExpiry, downloads);
    });
  }

  /**
   * Uses one download of the token if it was issued for this export to this principal, has not
   * expired and has downloads left; false otherwise, without saying which of these failed.
   */
  boolean redeem(String tenantId, String exportId, String token, String principal, Instant now) {
    return scope.inTenant(tenantId, tx -> tx.update(EXPORT_DOWNLOAD_TOKENS)
        .set(EXPORT_DOWNLOAD_TOKENS.DOWNLOADS_LEFT, EXPORT_DOWNLOAD_TOKENS.DOWNLOADS_LEFT.minus(1))
        .where(EXPORT_DOWNLOAD_TOKENS.TOKEN_SHA256.eq(Secrets.sha256(token)),
            EXPORT_DOWNLOAD_TOKENS.TENANT_ID.eq(tenantId),
            EXPORT_DOWNLOAD_TOKENS.EXPORT_ID.eq(exportId),
            EXPORT_DOWNLOAD_TOKENS.ISSUED_TO.eq(principal),
            EXPORT_DOWNLOAD_TOKENS.EXPIRE_AT.gt(utc(now)),
            EXPORT_DOWNLOAD_TOKENS.DOWNLOADS_LEFT.gt(0))
        .execute() == 1);
  }
}
