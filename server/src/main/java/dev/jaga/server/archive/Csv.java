package dev.jaga.server.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled. */
final class Csv {
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
      return value.textValue();
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    return value.isValueNode() ? value.asText() : value.toString();
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
          cells[i] = value == JsonToken.VALUE_NULL ? "" : parser.getText();
        }
      }
    }
  }
}
