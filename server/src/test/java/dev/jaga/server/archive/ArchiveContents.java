package dev.jaga.server.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A decrypted archive's files, read fully into memory (test archives are small). */
record ArchiveContents(Map<String, byte[]> files) {
  static ArchiveContents of(byte[] zip) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return new ArchiveContents(files);
  }

  JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(files.get("manifest.json"));
  }

  String text(String name) {
    return new String(files.get(name), StandardCharsets.UTF_8);
  }

  /** Every file's bytes, decompressed, as one string to search for leaks. */
  String everything() {
    StringBuilder all = new StringBuilder();
    files.values().forEach(b -> all.append(new String(b, StandardCharsets.ISO_8859_1)).append('\n'));
    return all.toString();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
