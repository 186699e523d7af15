package dev.jaga.server.erasure;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jaga.api.v1.ErasureReceipt;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The kept receipts ({@code jaga.erasure_receipts}). A receipt is stored as answered but without
 * its subject id, which only the caller's retry (which names the subject again) puts back; the
 * subject is recognised by its keyed digest alone.
 */
final class Receipts {
  /** A stored receipt and the digest of the subject it erased. */
  record Stored(byte[] subjectDigest, ErasureReceipt receipt) {}

  private Receipts() {}

  static Optional<Stored> find(DSLContext tx, String tenantId, String requestId) {
    Record r = tx.fetchOne("select subject_digest, receipt from jaga.erasure_receipts where tenant_id = ?"
        + " and request_id = ?", tenantId, requestId);
    if (r == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stored(r.get(0, byte[].class), ErasureReceipt.parseFrom(r.get(1, byte[].class))));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored erasure receipt of request " + requestId + " is unreadable", e);
    }
  }

  /** Keeps the receipt, minus its subject id. */
  static void insert(DSLContext tx, String requestId, byte[] subjectDigest, ErasureReceipt receipt, Instant now) {
    tx.execute("insert into jaga.erasure_receipts (receipt_id, tenant_id, request_id, subject_digest, receipt,"
            + " created_at) values (cast(? as uuid), ?, ?, ?, ?, cast(? as timestamptz))",
        UUID.fromString(dashed(receipt.getReceiptId())), receipt.getTenantId(), requestId, subjectDigest,
        receipt.toBuilder().clearSubjectId().build().toByteArray(), now.atOffset(ZoneOffset.UTC));
  }

  /** 32 hex digits as a UUID's text form. */
  static String dashed(String hex) {
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }
}
