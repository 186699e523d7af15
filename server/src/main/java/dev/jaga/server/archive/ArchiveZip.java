package dev.jaga.server.archive;

import java.io.BufferedOutputStream;
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
 * interleave), each entry's size and SHA-256 taken as it is written, for the manifest.
 */
final class ArchiveZip {
  /** One file of the archive, as manifest.json lists it. */
  record FileEntry(String name, String kind, Optional<String> entity, Optional<Long> rows, long bytes, String sha256) {}

  private final ZipOutputStream zip;
  private final List<FileEntry> files = new ArrayList<>();
  private final Entry entry = new Entry();
  private String open;

  ArchiveZip(OutputStream plaintext) {
    this.zip = new ZipOutputStream(new BufferedOutputStream(plaintext, 1 << 16));
    // Speed over size: the database and the cipher set the pace, and level 6 is 2.5x slower.
    zip.setLevel(Deflater.BEST_SPEED);
  }

  /** Starts a file; write its content to the stream returned (do not close it), then {@link #end}. */
  OutputStream begin(String name) throws IOException {
    if (open != null) {
      throw new IllegalStateException("entry " + open + " is still open");
    }
    zip.putNextEntry(new ZipEntry(name));
    open = name;
    entry.reset();
    return entry;
  }

  FileEntry end(String kind, Optional<String> entity, Optional<Long> rows) throws IOException {
    entry.drain();
    zip.closeEntry();
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

  /** Writes the central directory; the stream under it stays open. */
  void finish() throws IOException {
    zip.finish();
    zip.flush();
  }

  /**
   * Passes bytes into the current entry, counting and hashing them. Buffered in front of the
   * deflater, which is slow when fed one small record at a time.
   */
  private final class Entry extends OutputStream {
    private final MessageDigest digest = sha256();
    private final byte[] buffer = new byte[1 << 16];
    private int buffered;
    private long bytes;

    void reset() {
      digest.reset();
      bytes = 0;
      buffered = 0;
    }

    @Override
    public void write(int b) throws IOException {
      if (buffered == buffer.length) {
        drain();
      }
      buffer[buffered++] = (byte) b;
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > buffer.length - buffered) {
        drain();
      }
      if (len >= buffer.length) {
        digest.update(b, off, len);
        zip.write(b, off, len);
      } else {
        System.arraycopy(b, off, buffer, buffered, len);
        buffered += len;
      }
      bytes += len;
    }

    void drain() throws IOException {
      if (buffered > 0) {
        digest.update(buffer, 0, buffered);
        zip.write(buffer, 0, buffered);
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
