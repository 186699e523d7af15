package dev.jaga.client.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a Jaga export archive on the receiving side: decrypting one encrypted to a passphrase
 * (the key {@code jaga export key} reveals), and verifying a ZIP against its manifest.json, as a
 * stream, so neither needs the plaintext on disk.
 */
public final class ArchiveFiles {
  private ArchiveFiles() {}

  /**
   * Writes the ZIP inside an archive encrypted to {@code passphrase} to {@code zip}.
   *
   * @throws ArchiveFormatException for a wrong passphrase, an archive encrypted to a public key, or
   *     one altered after it was written (the OpenPGP integrity check); what was written to {@code
   *     zip} before then must be discarded
   */
  public static void decrypt(InputStream encrypted, char[] passphrase, OutputStream zip) throws IOException {
    try (InputStream plaintext = ArchiveDecryption.open(encrypted, passphrase)) {
      plaintext.transferTo(zip);
    }
  }

  /** Checks every file of a decrypted archive (a ZIP) against its manifest. */
  public static ArchiveReport verify(Path zip) throws IOException {
    try (InputStream in = Files.newInputStream(zip)) {
      return ManifestCheck.of(in);
    }
  }

  /**
   * Checks an archive file, a ZIP or the encrypted archive itself (then {@code passphrase} is
   * needed); the encrypted one is decrypted as it is read, and its integrity check included.
   */
  public static ArchiveReport verify(Path archive, char[] passphrase) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
      if (isZip(in)) {
        return ManifestCheck.of(in);
      }
      if (passphrase == null) {
        throw new ArchiveFormatException(
            "the archive is encrypted: give its passphrase (jaga export key), or decrypt it first with gpg");
      }
      try (InputStream plaintext = ArchiveDecryption.open(in, passphrase)) {
        ArchiveReport report = ManifestCheck.of(plaintext);
        plaintext.transferTo(OutputStream.nullOutputStream());
        return report;
      }
    }
  }

  /** Whether the file starts like a ZIP ({@code PK\3\4}). */
  public static boolean isZip(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return isZip(in);
    }
  }

  private static boolean isZip(InputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
  }
}
