package dev.jaga.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binary COPY rows become the JSON PostgreSQL itself would write for them. */
class CopyRowDecoderTest {
  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

  @Test
  void append_everyDecodedKind_writesPostgresJson() throws IOException {
    CopyRowDecoder decoder = new CopyRowDecoder(
        List.of("id", "name", "n", "big", "small", "ok", "at", "local", "born", "raw", "gone"),
        List.of(ValueKind.UUID, ValueKind.TEXT, ValueKind.INT4, ValueKind.INT8, ValueKind.INT2, ValueKind.BOOL,
            ValueKind.TIMESTAMPTZ, ValueKind.TIMESTAMP, ValueKind.DATE, ValueKind.JSON, ValueKind.TEXT));
    byte[] uuid = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    // 2024-02-29T12:34:56.5Z and 1999-12-31T23:59:59.000001 (before the PostgreSQL epoch).
    long at = (1_709_210_096L - 946_684_800L) * 1_000_000L + 500_000L;
    long local = -1L;
    Row row = new Row(HEADER)
        .text("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        .field(uuid)
        .text("Budi \"B\" \\ Santoso\n\t\u0001 é")
        .int4(-42)
        .int8(Long.MAX_VALUE - 1)
        .int2((short) -7)
        .field(new byte[] {1})
        .int8(at)
        .int8(local)
        .int4(-10_957)
        .text("{\"a\":[1,2]}")
        .nul();

    JsonLines out = new JsonLines(16);
    assertThat(decoder.append(row.bytes(), out)).isTrue();

    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"id\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\",\"name\":\"Budi \\\"B\\\" \\\\ Santoso\\n\\t\\u0001 é\","
            + "\"n\":-42,\"big\":9223372036854775806,\"small\":-7,\"ok\":true,"
            + "\"at\":\"2024-02-29T12:34:56.5+00:00\",\"local\":\"1999-12-31T23:59:59.999999\","
            + "\"born\":\"1970-01-01\",\"raw\":{\"a\":[1,2]},\"gone\":null}\n");
    assertThat(decoder.lastKey()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  }

  @Test
  void append_infiniteTimesAndTheTrailer() throws IOException {
    CopyRowDecoder decoder = new CopyRowDecoder(List.of("t", "d"), List.of(ValueKind.TIMESTAMPTZ, ValueKind.DATE));
    JsonLines out = new JsonLines(16);
    decoder.append(new Row(HEADER).text("1").int8(Long.MAX_VALUE).int4(Integer.MIN_VALUE).bytes(), out);

    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8))
        .isEqualTo("{\"t\":\"infinity\",\"d\":\"-infinity\"}\n");
    assertThat(decoder.append(new byte[] {(byte) 0xff, (byte) 0xff}, out)).isFalse();
  }

  @Test
  void append_aRowOfOtherColumns_isRefused() throws IOException {
    CopyRowDecoder decoder = new CopyRowDecoder(List.of("a"), List.of(ValueKind.INT4));
    assertThatThrownBy(() -> decoder.append(new Row(HEADER).text("1").int4(1).int4(2).bytes(), new JsonLines(16)))
        .isInstanceOf(IllegalStateException.class);
  }

  /** One binary COPY tuple: a field count, then each field as a length and its bytes. */
  private static final class Row {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fields = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(fields);
    private short count;

    Row(byte[] prefix) {
      bytes.writeBytes(prefix);
    }

    Row field(byte[] value) throws IOException {
      out.writeInt(value.length);
      out.write(value);
      count++;
      return this;
    }

    Row text(String value) throws IOException {
      return field(value.getBytes(StandardCharsets.UTF_8));
    }

    Row int2(short v) throws IOException {
      return field(new byte[] {(byte) (v >> 8), (byte) v});
    }

    Row int4(int v) throws IOException {
      return field(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    Row int8(long v) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      new DataOutputStream(b).writeLong(v);
      return field(b.toByteArray());
    }

    Row nul() throws IOException {
      out.writeInt(-1);
      count++;
      return this;
    }

    byte[] bytes() {
      bytes.write(count >> 8);
      bytes.write(count);
      bytes.writeBytes(fields.toByteArray());
      return bytes.toByteArray();
    }
  }
}
