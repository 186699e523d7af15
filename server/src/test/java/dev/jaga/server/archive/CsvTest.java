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
}
