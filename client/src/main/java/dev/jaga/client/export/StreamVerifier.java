package dev.jaga.client.export;

import static dev.jaga.client.export.ExportVerificationException.Check.BATCH_SHA256;
import static dev.jaga.client.export.ExportVerificationException.Check.INCOMPLETE;
import static dev.jaga.client.export.ExportVerificationException.Check.RECORD_COUNT;
import static dev.jaga.client.export.ExportVerificationException.Check.SEQUENCE;
import static dev.jaga.client.export.ExportVerificationException.Check.STREAM_DIGEST;
import static dev.jaga.client.export.ExportVerificationException.Check.TOTALS;

import com.google.protobuf.ByteString;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.StreamSummary;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The receiver's proof that an export stream arrived whole: each batch against its own hash and
 * count, the sequence without gap or repeat, and at the end the chained digest and the per-entity
 * totals against the summary. It sees each chunk once, in order, across resumptions.
 */
final class StreamVerifier {
  private final MessageDigest sha256 = newSha256();
  // d0 is 32 zero bytes; d_i = SHA-256(d_{i-1} || sha256 of batch i), as the server computes it.
  private byte[] chained = new byte[32];
  private long lastSequence;
  private final Map<String, long[]> received = new LinkedHashMap<>();

  StreamVerifier() {}

  /** A verifier that continues from a checkpoint, as if it had seen every chunk up to it. */
  StreamVerifier(ExportCheckpoint from) {
    chained = from.streamDigest().toByteArray();
    lastSequence = from.lastSequence();
    for (EntityTotal t : from.received()) {
      received.put(t.getEntity(), new long[] {t.getRecords(), t.getBytes()});
    }
  }

  /** The state a later process needs to continue verifying after the last accepted batch. */
  ExportCheckpoint checkpoint(String resumeToken, long batches) {
    java.util.List<EntityTotal> totals = new java.util.ArrayList<>();
    received.forEach((entity, counts) ->
        totals.add(EntityTotal.newBuilder().setEntity(entity).setRecords(counts[0]).setBytes(counts[1]).build()));
    return new ExportCheckpoint(resumeToken, lastSequence, ByteString.copyFrom(chained), totals, batches);
  }

  /** Checks a record batch chunk and counts it; throws naming the first check it fails. */
  void acceptBatch(ExportChunk chunk) {
    checkSequence(chunk);
    RecordBatch batch = chunk.getRecords();
    if (batch.getEntity().isEmpty()) {
      throw new ExportVerificationException(
          INCOMPLETE, "chunk " + chunk.getSequence() + " holds records of no entity");
    }
    sha256.update(batch.getJsonl().asReadOnlyByteBuffer());
    byte[] actual = sha256.digest();
    if (!MessageDigest.isEqual(actual, batch.getSha256().toByteArray())) {
      throw new ExportVerificationException(
          BATCH_SHA256,
          "chunk "
              + chunk.getSequence()
              + " ("
              + batch.getEntity()
              + ") hashes to "
              + hex(actual)
              + " but carries "
              + hex(batch.getSha256()));
    }
    long lines = countLines(batch.getJsonl());
    if (lines != batch.getRecordCount() || !endsWithNewline(batch.getJsonl())) {
      throw new ExportVerificationException(
          RECORD_COUNT,
          "chunk "
              + chunk.getSequence()
              + " ("
              + batch.getEntity()
              + ") says "
              + batch.getRecordCount()
              + " records but holds "
              + lines
              + " complete lines");
    }
    sha256.update(chained);
    sha256.update(batch.getSha256().asReadOnlyByteBuffer());
    chained = sha256.digest();
    long[] counts = received.computeIfAbsent(batch.getEntity(), e -> new long[2]);
    counts[0] += batch.getRecordCount();
    counts[1] += batch.getJsonl().size();
    lastSequence = chunk.getSequence();
  }

  /** Checks the summary chunk against everything received; the stream is proven on return. */
  void acceptSummary(ExportChunk chunk) {
    checkSequence(chunk);
    StreamSummary summary = chunk.getSummary();
    if (!MessageDigest.isEqual(chained, summary.getStreamSha256().toByteArray())) {
      throw new ExportVerificationException(
          STREAM_DIGEST,
          "the batches received chain to "
              + hex(chained)
              + " but the summary says "
              + hex(summary.getStreamSha256()));
    }
    Map<String, long[]> claimed = new LinkedHashMap<>();
    for (EntityTotal t : summary.getTotalsList()) {
      if (claimed.put(t.getEntity(), new long[] {t.getRecords(), t.getBytes()}) != null) {
        throw new ExportVerificationException(
            TOTALS, "the summary lists " + t.getEntity() + " twice");
      }
    }
    // An entity in scope with no rows may appear in the totals with zeros and in no batch.
    TreeSet<String> entities = new TreeSet<>(claimed.keySet());
    entities.addAll(received.keySet());
    for (String entity : entities) {
      long[] got = received.getOrDefault(entity, new long[2]);
      long[] want = claimed.getOrDefault(entity, new long[2]);
      if (got[0] != want[0] || got[1] != want[1]) {
        throw new ExportVerificationException(
            TOTALS,
            entity
                + ": received "
                + got[0]
                + " records in "
                + got[1]
                + " bytes, the summary says "
                + want[0]
                + " records in "
                + want[1]
                + " bytes");
      }
    }
    lastSequence = chunk.getSequence();
  }

  /** The sequence number of the last chunk accepted, 0 before the first. */
  long lastSequence() {
    return lastSequence;
  }

  private void checkSequence(ExportChunk chunk) {
    long expected = lastSequence + 1;
    if (chunk.getSequence() != expected) {
      throw new ExportVerificationException(
          SEQUENCE,
          "expected chunk "
              + expected
              + " but received chunk "
              + chunk.getSequence()
              + (chunk.getSequence() > expected ? " (a gap)" : " (a duplicate)"));
    }
  }

  private static long countLines(ByteString jsonl) {
    long lines = 0;
    ByteBuffer bytes = jsonl.asReadOnlyByteBuffer();
    while (bytes.hasRemaining()) {
      if (bytes.get() == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static boolean endsWithNewline(ByteString jsonl) {
    return jsonl.isEmpty() || jsonl.byteAt(jsonl.size() - 1) == '\n';
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String hex(ByteString bytes) {
    return hex(bytes.toByteArray());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
