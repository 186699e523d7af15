package dev.jaga.client.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.export.ExportCheckpoint;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * {@code DIR/export.state}: where an export into DIR stands after the last batch written, saved
 * atomically after each one, so a process killed mid-stream can be rerun with {@code --resume}
 * and end with exactly the files of an unbroken export. Removed once {@code summary.json} is
 * written. The request is kept too: a resume must ask for exactly the same export.
 */
record ExportStateFile(StreamExportRequest request, ExportCheckpoint checkpoint) {
  static final String NAME = "export.state";

  static Path path(Path dir) {
    return dir.resolve(NAME);
  }

  /** Writes the state next to the files it describes: to a temporary file, then renamed over. */
  void save(Path dir) throws IOException {
    Properties p = new Properties();
    Base64.Encoder b64 = Base64.getEncoder();
    p.setProperty("request", b64.encodeToString(request.toByteArray()));
    p.setProperty("resume_token", checkpoint.resumeToken());
    p.setProperty("last_sequence", Long.toString(checkpoint.lastSequence()));
    p.setProperty("stream_sha256", b64.encodeToString(checkpoint.streamDigest().toByteArray()));
    p.setProperty("batches", Long.toString(checkpoint.batches()));
    List<EntityTotal> received = checkpoint.received();
    p.setProperty("entities", Integer.toString(received.size()));
    for (int i = 0; i < received.size(); i++) {
      p.setProperty("entity." + i + ".name", received.get(i).getEntity());
      p.setProperty("entity." + i + ".records", Long.toString(received.get(i).getRecords()));
      p.setProperty("entity." + i + ".bytes", Long.toString(received.get(i).getBytes()));
    }
    Path partial = dir.resolve(NAME + ".partial");
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      p.store(out, "jaga export stream: resume with --resume; do not edit");
    }
    Files.move(partial, path(dir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static ExportStateFile load(Path dir) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path(dir), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      StreamExportRequest request = StreamExportRequest.parseFrom(b64.decode(required(p, "request")));
      List<EntityTotal> received = new ArrayList<>();
      int entities = Integer.parseInt(required(p, "entities"));
      for (int i = 0; i < entities; i++) {
        received.add(EntityTotal.newBuilder()
            .setEntity(required(p, "entity." + i + ".name"))
            .setRecords(Long.parseLong(required(p, "entity." + i + ".records")))
            .setBytes(Long.parseLong(required(p, "entity." + i + ".bytes")))
            .build());
      }
      ExportCheckpoint checkpoint = new ExportCheckpoint(
          required(p, "resume_token"),
          Long.parseLong(required(p, "last_sequence")),
          ByteString.copyFrom(b64.decode(required(p, "stream_sha256"))),
          received,
          Long.parseLong(required(p, "batches")));
      return new ExportStateFile(request, checkpoint);
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IOException(path(dir) + " is damaged (" + e.getMessage() + "); start the export again with --force", e);
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}
