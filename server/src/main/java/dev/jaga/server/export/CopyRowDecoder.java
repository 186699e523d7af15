package dev.jaga.server.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the CopyData messages of one entity's {@code COPY ... TO STDOUT (FORMAT binary)} into JSON
 * lines. PostgreSQL sends one row per message (the file header rides on the first, the trailer is
 * its own); the first column is the row's primary key as text, the rest are the exported fields.
 */
final class CopyRowDecoder {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

  private final byte[][] prefixes;
  private final ValueKind[] kinds;
  private boolean headerRead;
  private byte[] lastRow;
  private int lastKeyAt;
  private int lastKeyLength;

  /** {@code names} and {@code kinds}: the exported fields, after the key column. */
  CopyRowDecoder(List<String> names, List<ValueKind> kinds) {
    this.kinds = kinds.toArray(ValueKind[]::new);
    this.prefixes = new byte[names.size()][];
    JsonLines name = new JsonLines(64);
    for (int i = 0; i < names.size(); i++) {
      name.truncate(0);
      name.write((byte) (i == 0 ? '{' : ','));
      byte[] utf8 = names.get(i).getBytes(StandardCharsets.UTF_8);
      name.writeString(utf8, 0, utf8.length);
      name.write((byte) ':');
      prefixes[i] = java.util.Arrays.copyOf(name.array(), name.size());
    }
  }

  /** Appends the row in {@code message} as one JSON line; false if the message was the trailer. */
  boolean append(byte[] message, JsonLines out) {
    int at = 0;
    if (!headerRead) {
      at = header(message);
      headerRead = true;
    }
    int fields = (short) (((message[at] & 0xff) << 8) | (message[at + 1] & 0xff));
    at += 2;
    if (fields == -1) {
      return false;
    }
    if (fields != kinds.length + 1) {
      throw new IllegalStateException("COPY sent " + fields + " columns, expected " + (kinds.length + 1));
    }
    int keyLength = ValueKind.int32(message, at);
    lastRow = message;
    lastKeyAt = at + 4;
    lastKeyLength = keyLength;
    at += 4 + Math.max(keyLength, 0);
    for (int i = 0; i < kinds.length; i++) {
      out.write(prefixes[i]);
      int length = ValueKind.int32(message, at);
      at += 4;
      if (length < 0) {
        out.writeNull();
      } else {
        kinds[i].write(message, at, length, out);
        at += length;
      }
    }
    if (kinds.length == 0) {
      out.write((byte) '{');
    }
    out.write((byte) '}');
    out.write((byte) '\n');
    if (at != message.length) {
      throw new IllegalStateException("a COPY message held more than one row");
    }
    return true;
  }

  /** The primary key of the last row appended, as PostgreSQL writes it as text. */
  String lastKey() {
    return new String(lastRow, lastKeyAt, lastKeyLength, StandardCharsets.UTF_8);
  }

  private static int header(byte[] message) {
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (message[i] != SIGNATURE[i]) {
        throw new IllegalStateException("not a binary COPY stream");
      }
    }
    int extension = ValueKind.int32(message, SIGNATURE.length + 4);
    return SIGNATURE.length + 8 + extension;
  }
}
