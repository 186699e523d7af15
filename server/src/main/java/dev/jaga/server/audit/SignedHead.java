package dev.jaga.server.audit;

import dev.jaga.server.db.jooq.tables.records.AuditHeadsRecord;
import java.time.Instant;

/**
 * The chain's hash at one sequence, signed with the region's audit key when the batch ending there
 * was written: what someone who can rewrite the tables, but does not hold the key, cannot forge.
 */
record SignedHead(long sequence, byte[] hash, byte[] signature, String keyId, Instant signedAt) {
  /** Versions the encoding, so that a signature over anything else never verifies as a head. */
  private static final String ENCODING = "jaga.audit.head.v1";

  static SignedHead of(AuditHeadsRecord r) {
    return new SignedHead(
        r.getSequence(), r.getHash(), r.getSignature(), r.getKeyId(), r.getSignedAt().toInstant());
  }

  /**
   * The bytes that are signed: the region too, so that a head can never be passed off as another
   * region's, whose key might one day be shared by mistake.
   */
  static byte[] message(
      String region, long sequence, byte[] hash, Instant signedAt, String keyId) {
    AuditEvent.Canonical out = new AuditEvent.Canonical();
    out.text(ENCODING);
    out.text(region);
    out.int64(sequence);
    out.bytes(hash);
    out.int64(AuditEvent.micros(signedAt));
    out.text(keyId);
    return out.toByteArray();
  }

  byte[] message(String region) {
    return message(region, sequence, hash, signedAt, keyId);
  }
}
