package dev.jaga.server.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg} binary with a throw-away home directory: what a recipient of an archive
 * runs. A machine without gpg fails these tests loudly (the project's CI installs it).
 */
public final class Gpg implements AutoCloseable {
  private final Path home;

  public Gpg() throws IOException {
    home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "gnupg",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /** {@code gpg --batch --passphrase-fd 0 --decrypt FILE}: the plaintext, or an exception with gpg's words. */
  public byte[] decrypt(Path file, char[] passphrase) throws Exception {
    return run(new String(passphrase) + "\n", "--passphrase-fd", "0", "--pinentry-mode", "loopback", "--decrypt", file.toString());
  }

  /** {@code gpg --batch --decrypt FILE} with the secret key in this home. */
  byte[] decrypt(Path file) throws Exception {
    return run("", "--decrypt", file.toString());
  }

  /** Generates a key pair without a passphrase ({@code algo}: e.g. rsa3072, or future-default) and returns its armored public key. */
  String generateKey(String email, String algo) throws Exception {
    run("", "--passphrase", "", "--pinentry-mode", "loopback", "--quick-gen-key", email, algo, "default", "never");
    return new String(run("", "--armor", "--export", email), StandardCharsets.US_ASCII);
  }

  /** Every public key of this home in one armored block. */
  String exportAll() throws Exception {
    return new String(run("", "--armor", "--export"), StandardCharsets.US_ASCII);
  }

  /** The armored secret key, which must never be accepted as a recipient key. */
  String exportSecretKey(String email) throws Exception {
    return new String(run("", "--passphrase", "", "--pinentry-mode", "loopback", "--armor", "--export-secret-keys", email),
        StandardCharsets.US_ASCII);
  }

  private byte[] run(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes", "--no-tty"));
    command.addAll(List.of(args));
    Path errors = Files.createTempFile(home, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out;
    try (InputStream stdout = process.getInputStream()) {
      out = stdout.readAllBytes();
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("gpg did not finish: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("gpg " + String.join(" ", args) + " failed (" + process.exitValue() + "): "
          + Files.readString(errors));
    }
    return out;
  }

  /** The files of an archive encrypted to {@code passphrase}, decrypted by gpg. */
  public static Map<String, byte[]> open(byte[] archive, String passphrase) throws Exception {
    try (Gpg gpg = new Gpg()) {
      Path file = Files.createTempFile(gpg.home, "archive", ".zip.gpg");
      Files.write(file, archive);
      return ArchiveContents.of(gpg.decrypt(file, passphrase.toCharArray())).files();
    }
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
