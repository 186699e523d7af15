package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The ZIP written across three threads: entries and their checksums as written, and a failure on the
 * writer's side (the deflater, the cipher, the disk) fails the archive instead of leaving a hole.
 */
class ArchiveZipTest {
  @Test
  void entries_roundTrip_withTheSizesAndChecksumsTheManifestLists() throws Exception {
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    byte[] records = records(3_000_000);
    ArchiveZip.FileEntry first;
    ArchiveZip.FileEntry second;
    try (WriterThread encryptor = new WriterThread("test-encrypt");
        WriterThread deflater = new WriterThread("test-deflate")) {
      ArchiveZip zip = new ArchiveZip(plaintext, deflater, encryptor);
      OutputStream out = zip.begin("contacts.jsonl");
      for (int i = 0; i < records.length; i += 777) {
        out.write(records, i, Math.min(777, records.length - i));
      }
      first = zip.end("jsonl", Optional.of("contacts"), Optional.of(1L));
      second = zip.write("README.txt", "readme", "hello".getBytes(StandardCharsets.UTF_8));
      zip.finish();
    }
    assertThat(first.bytes()).isEqualTo(records.length);
    assertThat(first.sha256()).isEqualTo(sha256(records));
    assertThat(second.sha256()).isEqualTo(sha256("hello".getBytes(StandardCharsets.UTF_8)));
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(plaintext.toByteArray()))) {
      ZipEntry entry = in.getNextEntry();
      assertThat(entry.getName()).isEqualTo("contacts.jsonl");
      assertThat(in.readAllBytes()).isEqualTo(records);
      assertThat(in.getNextEntry().getName()).isEqualTo("README.txt");
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void oneFailedWriteOnTheEncryptingThread_failsTheArchive_soNoArchiveWithAHoleIsCompleted() throws Exception {
    // Fails one write half-way through, then accepts everything again: only the error tells. The
    // write fails on the encrypting thread; the error travels back through the deflating one.
    FailsOnce plaintext = new FailsOnce(200_000);
    byte[] records = records(3_000_000);
    try (WriterThread encryptor = new WriterThread("test-encrypt");
        WriterThread deflater = new WriterThread("test-deflate")) {
      ArchiveZip zip = new ArchiveZip(plaintext, deflater, encryptor);
      assertThatThrownBy(() -> {
        zip.begin("contacts.jsonl").write(records);
        zip.end("jsonl", Optional.of("contacts"), Optional.of(1L));
        zip.finish();
      }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
    }
    assertThat(plaintext.failed).isTrue();
  }

  /** JSON-like lines that deflate about as well as real records. */
  private static byte[] records(int size) {
    Random random = new Random(7);
    StringBuilder out = new StringBuilder(size + 200);
    while (out.length() < size) {
      out.append("{\"id\":\"").append(Long.toHexString(random.nextLong())).append("\",\"name\":\"Contact ")
          .append(random.nextInt(1_000_000)).append("\",\"city\":\"Jakarta\"}\n");
    }
    return out.substring(0, size).getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static final class FailsOnce extends OutputStream {
    private final long failAt;
    private long written;
    volatile boolean failed;

    FailsOnce(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!failed && written + len > failAt) {
        failed = true;
        throw new IOException("No space left on device");
      }
      written += len;
    }
  }
}
