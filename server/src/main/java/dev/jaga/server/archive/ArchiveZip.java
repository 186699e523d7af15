package dev.jaga.server.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The ZIP inside the encrypted message, written one entry after another (ZIP entries cannot
 * interleave), each entry's size and SHA-256 taken as it is written, for the manifest. Three threads
 * share the work in a row: the caller's hashes the content, a {@link WriterThread} deflates it (it
 * alone touches the {@link ZipOutputStream}), and a second one encrypts and writes what that gives.
 */
final class ArchiveZip {
  /** One file of the archive, as manifest.json lists it. */
  record FileEntry(String name, String kind, Optional<String> entity, Optional<Long> rows, long bytes, String sha256) {}

  private final ZipOutputStream zip;
  private final WriterThread writer;
  private final WriterThread encryptor;
  private final List<FileEntry> files = new ArrayList<>();
  private final Entry entry = new Entry();
  private String open;

  ArchiveZip(OutputStream plaintext, WriterThread deflater, WriterThread encryptor) {
    this.zip = new ZipOutputStream(encryptor.stream(plaintext));
    this.writer = deflater;
    this.encryptor = encryptor;
    // Level 1, as `gzip -1`: speed over size; level 6 is 2.5x slower for about 10 % less.
    zip.setLevel(Deflater.BEST_SPEED);
  }

  /** Starts a file; write its content to the stream returned (do not close it), then {@link #end}. */
  OutputStream begin(String name) throws IOException {
    if (open != null) {
      throw new IllegalStateException("entry " + open + " is still open");
    }
    ZipEntry next = new ZipEntry(name);
    writer.submit(() -> zip.putNextEntry(next));
    open = name;
    entry.reset();
    return entry;
  }

  FileEntry end(String kind, Optional<String> entity, Optional<Long> rows) throws IOException {
    entry.drain();
    writer.submit(zip::closeEntry);
    FileEntry done = new FileEntry(open, kind, entity, rows, entry.bytes, HexFormat.of().formatHex(entry.digest.digest()));
    files.add(done);
    open = null;
    return done;
  }

  /** A whole small file at once (README, manifest). */
  FileEntry write(String name, String kind, byte[] content) throws IOException {
    begin(name).write(content);
    return end(kind, Optional.empty(), Optional.empty());
  }

  List<FileEntry> files() {
    return List.copyOf(files);
  }

  /**
   * Writes the central directory and waits for both writers to have written everything (throwing
   * what failed there); the stream under the ZIP stays open.
   */
  void finish() throws IOException {
    writer.submit(() -> {
      zip.finish();
      zip.flush();
    });
    writer.finish();
    encryptor.finish();
  }

  /**
   * Passes bytes into the current entry, counting and hashing them, in buffers of the writer's,
   * each handed over whole: the deflater is slow when fed one small record at a time.
   */
  private final class Entry extends OutputStream {
    private final MessageDigest digest = sha256();
    private byte[] buffer;
    private int buffered;
    private long bytes;

    void reset() {
      digest.reset();
      bytes = 0;
      buffered = 0;
    }

    @Override
    public void write(int b) throws IOException {
      if (buffer == null || buffered == buffer.length) {
        drain();
        buffer = writer.buffer();
      }
      buffer[buffered++] = (byte) b;
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (buffer == null || buffered == buffer.length) {
          drain();
          buffer = writer.buffer();
        }
        int n = Math.min(len, buffer.length - buffered);
        System.arraycopy(b, off, buffer, buffered, n);
        buffered += n;
        bytes += n;
        off += n;
        len -= n;
      }
    }

    /** Hands the filled part of the buffer to the writer; the next write borrows another. */
    void drain() throws IOException {
      if (buffer != null && buffered > 0) {
        digest.update(buffer, 0, buffered);
        writer.write(buffer, buffered, zip::write);
        buffer = null;
        buffered = 0;
      }
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
