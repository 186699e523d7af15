package dev.jaga.client.export;

import com.google.protobuf.ByteString;
import dev.jaga.api.v1.EntityTotal;
import java.util.List;

/**
 * Everything a receiver must keep to continue a verified export in another process, after the
 * last batch it stored: the server's resume token, and the verifier's state (the last sequence
 * number, the digest chained so far, what was received per entity), so the resumed stream is still
 * proven whole from chunk 1. See {@link ExportStream#checkpoint()} and {@link ExportStream#resume}.
 *
 * @param received records and bytes received per entity, in the order first seen
 */
public record ExportCheckpoint(
    String resumeToken, long lastSequence, ByteString streamDigest, List<EntityTotal> received, long batches) {
  public ExportCheckpoint {
    if (resumeToken.isEmpty() || lastSequence < 1 || streamDigest.size() != 32) {
      throw new IllegalArgumentException("a checkpoint needs a resume token, a sequence and a 32-byte digest");
    }
    received = List.copyOf(received);
  }
}
