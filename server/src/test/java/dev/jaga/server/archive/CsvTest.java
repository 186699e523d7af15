package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 4180 output, and records turned into cells exactly as PostgreSQL wrote their values. */
class CsvTest {
  @Test
  void line_quotesOnlyWhatMustBeQuoted_andEndsWithCrlf() {
    assertThat(Csv.line(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "")))
        .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  }

  @Test
  void cells_keepNumbersExact_nullEmpty_nestedAsJson_unknownFieldsIgnored() throws Exception {
    String[] cells = new String[5];
    java.util.Arrays.fill(cells, "");
    Csv.cells("{\"tenant_id\":\"acme-id\",\"amount\":1250.50,\"paid\":null,\"meta\":{\"a\":[1,2]},\"extra\":{\"x\":1},\"n\":7}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("tenant_id", 0, "amount", 1, "paid", 2, "meta", 3, "n", 4), cells);

    assertThat(cells).containsExactly("acme-id", "1250.50", "", "{\"a\":[1,2]}", "7");
  }

  @Test
  void cells_textThatASpreadsheetWouldRunAsAFormula_isWrittenAsText() throws Exception {
    String[] cells = new String[7];
    Csv.cells(("{\"a\":\"=HYPERLINK(\\\"http://x.test\\\")\",\"b\":\"+62 812 555\",\"c\":\"-1+1\","
            + "\"d\":\"@SUM(1)\",\"e\":\"\\tx\",\"f\":-12.5,\"g\":\"Budi = Santoso\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("a", 0, "b", 1, "c", 2, "d", 3, "e", 4, "f", 5, "g", 6), cells);

    assertThat(cells).containsExactly(
        "'=HYPERLINK(\"http://x.test\")", "'+62 812 555", "'-1+1", "'@SUM(1)", "'\tx", "-12.5", "Budi = Santoso");
    assertThat(Csv.cell(Json.MAPPER.readTree("\"=1+1\""))).isEqualTo("'=1+1");
    assertThat(Csv.cell(Json.MAPPER.readTree("-3"))).isEqualTo("-3");
  }
}
