package dev.jaga.server.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled.
 *
 * <p>A text value that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage
 * return gets a leading apostrophe, so that a spreadsheet opening the file shows it as text instead
 * of running it as a formula (a record's values come from the tenant's users, and such a cell could
 * fetch a URL or start a program on the machine of whoever opens the export). Numbers are written
 * as they are, and the {@code .jsonl} beside the file holds every value exactly.
 */
final class Csv {
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private Csv() {}

  static String line(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    return out.append("\r\n").toString();
  }

  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /**
   * A JSON value as a CSV cell: null is empty, text as is, numbers exactly as PostgreSQL wrote
   * them, nested objects and arrays as their JSON.
   */
  static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    if (value.isTextual()) {
      return text(value.textValue());
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** A text value as a cell that a spreadsheet will not take for a formula. */
  static String text(String value) {
    return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  /**
   * Fills {@code cells} from one flat JSON record without building a tree: each field at its
   * header position, numbers exactly as written, nested values as their JSON.
   */
  static void cells(byte[] json, Map<String, Integer> position, String[] cells) throws IOException {
    try (JsonParser parser = Json.MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a record is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        Integer i = position.get(parser.currentName());
        JsonToken value = parser.nextToken();
        if (i == null) {
          parser.skipChildren();
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          cells[i] = Json.MAPPER.readTree(parser).toString();
        } else {
          cells[i] = switch (value) {
            case VALUE_NULL -> "";
            case VALUE_STRING -> text(parser.getText());
            default -> parser.getText();
          };
        }
      }
    }
  }
}
