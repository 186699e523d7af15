package dev.jaga.server.export;

import dev.jaga.server.grpc.JagaException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a stream is: the next entity and the last key sent in it, the last sequence number, the
 * digest chained over every batch so far, the per-entity totals and the snapshot it reads. Its
 * encoding is the resume token, bound to the request's tenant and scope so it cannot be replayed
 * against another, and signed with the region's {@link ResumeKey} so it cannot be forged or altered.
 */
final class StreamState {
  private static final byte VERSION = 2;

  private final ResumeKey key;
  private final byte[] scopeDigest;
  /** The exported PostgreSQL snapshot this stream reads, while it may be resumed on it; or "". */
  String snapshotId = "";
  /** When that snapshot was taken, in microseconds since the epoch. */
  long snapshotMicros;
  int entityIndex;
  String lastKey;
  long sequence;
  byte[] chain;
  final long[] records;
  final long[] bytes;

  private StreamState(ResumeKey key, byte[] scopeDigest, int entities) {
    this.key = key;
    this.scopeDigest = scopeDigest;
    this.lastKey = "";
    this.chain = new byte[32];
    this.records = new long[entities];
    this.bytes = new long[entities];
  }

  static StreamState start(ResumeKey key, byte[] scopeDigest, int entities) {
    return new StreamState(key, scopeDigest, entities);
  }

  /** Decodes a client's resume token, refusing one made for another tenant, scope or format. */
  static StreamState resume(ResumeKey key, String token, byte[] scopeDigest, int entities) {
    byte[] signed;
    try {
      signed = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("is not a resume token of this export");
    }
    if (signed.length <= ResumeKey.MAC_BYTES) {
      throw invalid("is not a resume token of this export");
    }
    byte[] payload = Arrays.copyOf(signed, signed.length - ResumeKey.MAC_BYTES);
    if (!key.verify(payload, Arrays.copyOfRange(signed, payload.length, signed.length))) {
      throw invalid("was not made by this region or was altered; resume with the token exactly as received");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (in.readByte() != VERSION) {
        throw invalid("was made by another version of this API");
      }
      byte[] digest = in.readNBytes(32);
      if (!MessageDigest.isEqual(digest, scopeDigest)) {
        throw invalid("belongs to another tenant or scope; resume with the exact request it came from");
      }
      StreamState state = new StreamState(key, scopeDigest, entities);
      state.snapshotId = in.readUTF();
      state.snapshotMicros = in.readLong();
      state.entityIndex = in.readInt();
      state.lastKey = in.readUTF();
      state.sequence = in.readLong();
      state.chain = in.readNBytes(32);
      if (in.readInt() != entities || state.entityIndex < 0 || state.entityIndex > entities) {
        throw invalid("does not fit this export's entities");
      }
      for (int i = 0; i < entities; i++) {
        state.records[i] = in.readLong();
        state.bytes[i] = in.readLong();
      }
      return state;
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("is not a resume token of this export");
    }
  }

  /** Records a batch sent as the next sequence number, and chains its checksum. */
  void sent(int entity, byte[] sha256, int count, int size, String last, boolean entityDone) {
    sequence++;
    chain = sha256(chain, sha256);
    records[entity] += count;
    bytes[entity] += size;
    entityIndex = entityDone ? entity + 1 : entity;
    lastKey = entityDone ? "" : last;
  }

  String token() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(VERSION);
      out.write(scopeDigest);
      out.writeUTF(snapshotId);
      out.writeLong(snapshotMicros);
      out.writeInt(entityIndex);
      out.writeUTF(lastKey);
      out.writeLong(sequence);
      out.write(chain);
      out.writeInt(records.length);
      for (int i = 0; i < records.length; i++) {
        out.writeLong(records[i]);
        out.writeLong(bytes[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.writeBytes(key.mac(buffer.toByteArray()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
  }

  static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Arrays.stream(parts).forEach(digest::update);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JagaException invalid(String why) {
    return JagaException.invalidField("resume_token", "this token " + why);
  }
}
