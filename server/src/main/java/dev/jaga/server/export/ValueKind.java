package dev.jaga.server.export;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How one column's value in PostgreSQL's binary COPY format becomes JSON. The common types are
 * decoded in Java (PostgreSQL only reads and sends them, which is what it does fastest); any other
 * type is turned into JSON by PostgreSQL itself ({@link #JSON}), so nothing is ever guessed.
 */
enum ValueKind {
  TEXT, UUID, INT2, INT4, INT8, BOOL, TIMESTAMPTZ, TIMESTAMP, DATE,
  /** Already JSON text, made by {@code to_json(...)::text} in the query: written as it is. */
  JSON;

  private static final long PG_EPOCH_SECONDS = 946_684_800L;
  private static final long PG_EPOCH_DAYS = 10_957L;

  /** The kind for a column of type {@code typname}; {@link #JSON} for every type not decoded here. */
  static ValueKind of(String typname) {
    return switch (typname) {
      case "text", "varchar", "bpchar", "name" -> TEXT;
      case "uuid" -> UUID;
      case "int2" -> INT2;
      case "int4" -> INT4;
      case "int8" -> INT8;
      case "bool" -> BOOL;
      case "timestamptz" -> TIMESTAMPTZ;
      case "timestamp" -> TIMESTAMP;
      case "date" -> DATE;
      default -> JSON;
    };
  }

  /** Writes {@code length} bytes at {@code from} (never a NULL: the caller writes those). */
  void write(byte[] b, int from, int length, JsonLines out) {
    switch (this) {
      case TEXT -> out.writeString(b, from, length);
      case UUID -> out.writeUuid(b, from);
      case INT2 -> out.writeLong((short) (((b[from] & 0xff) << 8) | (b[from + 1] & 0xff)));
      case INT4 -> out.writeLong(int32(b, from));
      case INT8 -> out.writeLong(int64(b, from));
      case BOOL -> out.writeBoolean(b[from] != 0);
      case TIMESTAMPTZ -> timestamp(int64(b, from), true, out);
      case TIMESTAMP -> timestamp(int64(b, from), false, out);
      case DATE -> date(int32(b, from), out);
      case JSON -> out.write(b, from, length);
    }
  }

  static int int32(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  static long int64(byte[] b, int i) {
    return ((long) int32(b, i) << 32) | (int32(b, i + 4) & 0xffffffffL);
  }

  /** As PostgreSQL's own JSON writes it (ISO 8601, fraction without trailing zeros), in UTC. */
  private static void timestamp(long micros, boolean zoned, JsonLines out) {
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      infinity(micros > 0, out);
      return;
    }
    long seconds = Math.floorDiv(micros, 1_000_000L);
    long fraction = Math.floorMod(micros, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds + PG_EPOCH_SECONDS, 0, ZoneOffset.UTC);
    out.write((byte) '"');
    ymd(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), out);
    out.write((byte) 'T');
    out.writePadded(t.getHour(), 2);
    out.write((byte) ':');
    out.writePadded(t.getMinute(), 2);
    out.write((byte) ':');
    out.writePadded(t.getSecond(), 2);
    if (fraction != 0) {
      int digits = 6;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      out.write((byte) '.');
      out.writePadded(fraction, digits);
    }
    if (zoned) {
      out.write(new byte[] {'+', '0', '0', ':', '0', '0'});
    }
    out.write((byte) '"');
  }

  private static void date(int days, JsonLines out) {
    if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
      infinity(days > 0, out);
      return;
    }
    LocalDate d = LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
    out.write((byte) '"');
    ymd(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), out);
    out.write((byte) '"');
  }

  private static void ymd(int year, int month, int day, JsonLines out) {
    out.writePadded(year, 4);
    out.write((byte) '-');
    out.writePadded(month, 2);
    out.write((byte) '-');
    out.writePadded(day, 2);
  }

  private static void infinity(boolean positive, JsonLines out) {
    byte[] text = (positive ? "\"infinity\"" : "\"-infinity\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(text);
  }
}
