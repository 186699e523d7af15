package dev.jaga.server.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A batch of JSON lines being written, as UTF-8 bytes in one growable array that becomes the
 * chunk's payload without another copy. Only the few JSON forms the export writes are supported.
 */
final class JsonLines {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private byte[] buf;
  private int size;

  JsonLines(int capacity) {
    buf = new byte[capacity];
  }

  int size() {
    return size;
  }

  /** The array holding the lines (its first {@link #size()} bytes); not copied, not to be changed. */
  byte[] array() {
    return buf;
  }

  /** Drops everything written after {@code mark}, a size seen before (a row that did not finish). */
  void truncate(int mark) {
    size = mark;
  }

  void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  void write(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  void write(byte[] bytes, int from, int length) {
    ensure(length);
    System.arraycopy(bytes, from, buf, size, length);
    size += length;
  }

  void writeNull() {
    write(NULL);
  }

  void writeBoolean(boolean value) {
    write(value ? TRUE : FALSE);
  }

  void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      write(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ensure(20);
    if (value < 0) {
      buf[size++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    for (int i = size + digits - 1; i >= size; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
  }

  /** {@code value} as a zero-padded decimal of at least {@code width} digits (for dates and times). */
  void writePadded(long value, int width) {
    if (value < 0) {
      write((byte) '-');
      value = -value;
    }
    for (long limit = 10, w = width - 1; w > 0; w--, limit *= 10) {
      if (value < limit) {
        write((byte) '0');
      }
    }
    writeLong(value);
  }

  /** A JSON string of UTF-8 text: quotes, backslashes and control characters escaped as JSON wants. */
  void writeString(byte[] utf8, int from, int length) {
    ensure(length + 2);
    buf[size++] = '"';
    int run = from;
    int end = from + length;
    for (int i = from; i < end; i++) {
      int b = utf8[i] & 0xff;
      if (b >= 0x20 && b != '"' && b != '\\') {
        continue;
      }
      write(utf8, run, i - run);
      writeEscape(b);
      run = i + 1;
    }
    write(utf8, run, end - run);
    write((byte) '"');
  }

  private void writeEscape(int b) {
    ensure(6);
    buf[size++] = '\\';
    switch (b) {
      case '"' -> buf[size++] = '"';
      case '\\' -> buf[size++] = '\\';
      case '\n' -> buf[size++] = 'n';
      case '\r' -> buf[size++] = 'r';
      case '\t' -> buf[size++] = 't';
      case '\b' -> buf[size++] = 'b';
      case '\f' -> buf[size++] = 'f';
      default -> {
        buf[size++] = 'u';
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = HEX[b >> 4];
        buf[size++] = HEX[b & 0xf];
      }
    }
  }

  /** A UUID in PostgreSQL's text form (lower-case, dashed), quoted. */
  void writeUuid(byte[] raw, int from) {
    ensure(38);
    buf[size++] = '"';
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        buf[size++] = '-';
      }
      int b = raw[from + i] & 0xff;
      buf[size++] = HEX[b >> 4];
      buf[size++] = HEX[b & 0xf];
    }
    buf[size++] = '"';
  }
}
