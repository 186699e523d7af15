package dev.jaga.client.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an archive's ZIP once, as a stream: each entry's size, SHA-256 and records (JSON lines, or
 * CSV records after the header), then compares them with manifest.json, the last entry.
 */
final class ManifestCheck {
  private static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one entry turned out to be. */
  private record Seen(long bytes, String sha256, long records) {}

  private ManifestCheck() {}

  static ArchiveReport of(InputStream zipStream) throws IOException {
    Map<String, Seen> seen = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    byte[] manifestBytes = null;
    ZipInputStream zip = new ZipInputStream(zipStream);
    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
      String name = entry.getName();
      if (name.equals(MANIFEST)) {
        manifestBytes = zip.readAllBytes();
      } else if (seen.put(name, read(zip, name)) != null) {
        problems.add(name + " is in the archive twice");
      }
    }
    if (manifestBytes == null) {
      problems.add("no manifest.json: not a Jaga archive, or cut short");
      return new ArchiveReport("", "", Map.of(), List.of(), problems);
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestBytes);
    } catch (IOException e) {
      problems.add("manifest.json is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
      return new ArchiveReport("", "", Map.of(), List.of(), problems);
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    manifest.path("rows").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
    List<FileCheck> files = new ArrayList<>();
    for (JsonNode listed : manifest.path("files")) {
      files.add(check(listed, seen.remove(listed.path("name").asText()), rows));
    }
    seen.keySet().forEach(name -> problems.add(name + " is in the archive but not in its manifest"));
    if (files.isEmpty()) {
      problems.add("manifest.json lists no files");
    }
    return new ArchiveReport(
        manifest.path("export_id").asText(), manifest.path("tenant_id").asText(), rows, files, problems);
  }

  private static FileCheck check(JsonNode listed, Seen actual, Map<String, Long> rows) {
    String name = listed.path("name").asText();
    String kind = listed.path("kind").asText();
    Optional<Long> expectedRows = listed.has("rows") ? Optional.of(listed.path("rows").asLong()) : Optional.empty();
    long expectedBytes = listed.path("bytes").asLong(-1);
    String expectedSha = listed.path("sha256").asText();
    if (actual == null) {
      return new FileCheck(name, kind, expectedRows, Optional.empty(), expectedBytes, -1, expectedSha, "",
          Optional.of("missing from the archive"));
    }
    Optional<Long> actualRows = expectedRows.isPresent() ? Optional.of(actual.records) : Optional.empty();
    List<String> wrong = new ArrayList<>();
    if (!expectedSha.equalsIgnoreCase(actual.sha256)) {
      wrong.add("SHA-256 differs");
    }
    if (expectedBytes != actual.bytes) {
      wrong.add("size differs");
    }
    if (expectedRows.isPresent() && expectedRows.get() != actual.records) {
      wrong.add("rows differ");
    }
    String entity = listed.path("entity").asText("");
    if (expectedRows.isPresent() && rows.containsKey(entity) && !rows.get(entity).equals(expectedRows.get())) {
      wrong.add("the manifest's row count for " + entity + " is " + rows.get(entity));
    }
    return new FileCheck(name, kind, expectedRows, actualRows, expectedBytes, actual.bytes, expectedSha, actual.sha256,
        wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong)));
  }

  /** Reads one entry: size, SHA-256, and its records by the name's format. */
  private static Seen read(InputStream entry, String name) throws IOException {
    MessageDigest sha256 = sha256();
    RecordCounter counter = name.endsWith(".csv") ? new RecordCounter(true) : new RecordCounter(false);
    byte[] buffer = new byte[1 << 16];
    long bytes = 0;
    for (int n; (n = entry.read(buffer)) > 0; ) {
      sha256.update(buffer, 0, n);
      counter.update(buffer, n);
      bytes += n;
    }
    long records = name.endsWith(".csv") ? Math.max(0, counter.records() - 1) : counter.records();
    return new Seen(bytes, HexFormat.of().formatHex(sha256.digest()), records);
  }

  /** Counts lines, or CSV records (a line break inside quotes belongs to its field, RFC 4180). */
  private static final class RecordCounter {
    private final boolean csv;
    private boolean quoted;
    private long ends;
    private byte last = '\n';

    RecordCounter(boolean csv) {
      this.csv = csv;
    }

    void update(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        if (csv && b[i] == '"') {
          quoted = !quoted;
        } else if (b[i] == '\n' && !quoted) {
          ends++;
        }
      }
      if (n > 0) {
        last = b[n - 1];
      }
    }

    long records() {
      return ends + (last == '\n' ? 0 : 1);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
