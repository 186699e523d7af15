package dev.jaga.client.cli;

import dev.jaga.api.v1.DownloadChunk;
import dev.jaga.api.v1.DownloadExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.client.archive.ArchiveFiles;
import dev.jaga.client.archive.ArchiveReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaga export download}: the archive's bytes into {@code FILE.part}, resuming from its size
 * if an earlier download broke off, then renamed to {@code FILE} once the whole file's SHA-256
 * matches the server's.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download a READY archive with a token from `jaga export key` (fresh sign-in needed).",
      "Bytes go to FILE.part; run the command again to resume from its size. FILE appears only"
          + " once its SHA-256 matches the archive's.",
      "With --decrypt and --passphrase-file, the archive is then decrypted to the ZIP beside it"
          + " (FILE without .gpg, or FILE.zip) and checked against its manifest.json."
    })
final class ExportDownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The export's tenant.")
  String tenantId;

  @Parameters(paramLabel = "EXPORT_ID", description = "The export.")
  String exportId;

  @Option(names = "--download-token", paramLabel = "TOKEN", description = "The token from `jaga export key`.")
  String token;

  @Option(names = "--download-token-file", paramLabel = "FILE", description = "Read the token from this file.")
  Path tokenFile;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the archive goes.")
  Path out;

  @Option(names = "--decrypt", description = "Also decrypt the archive to its ZIP and verify it (needs --passphrase-file).")
  boolean decrypt;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "A file whose first line is the archive's passphrase (from `jaga export key`).")
  Path passphraseFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String bearer = token != null ? token : tokenFile != null ? Files.readString(tokenFile).strip() : null;
    if (bearer == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give --download-token or --download-token-file (from `jaga export key`)");
    }
    if (decrypt && passphraseFile == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--decrypt needs --passphrase-file (the passphrase `jaga export key` revealed; an archive"
              + " encrypted to your own key opens with `gpg --decrypt` instead)");
    }
    Path part = out.resolveSibling(out.getFileName() + ".part");
    long offset = Files.exists(part) ? Files.size(part) : 0;
    if (offset > 0) {
      err.println("resuming " + part + " from byte " + ExportReport.count(offset));
    }
    boolean terminal = ProgressDisplay.stderrIsTerminal();
    long started = System.nanoTime();
    byte[] expected = null;
    long total = offset;
    try (JagaClient client = connection.open();
        OutputStream file = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      Iterator<DownloadChunk> chunks = client.exports().downloadExport(DownloadExportRequest.newBuilder()
          .setTenantId(tenantId).setExportId(exportId).setDownloadToken(bearer).setOffset(offset).build());
      long written = offset;
      long drawn = 0;
      while (chunks.hasNext()) {
        DownloadChunk c = chunks.next();
        if (c.getOffset() != written) {
          throw new IOException("the server sent bytes from " + c.getOffset() + ", expected " + written);
        }
        c.getData().writeTo(file);
        written += c.getData().size();
        total = c.getTotalBytes();
        expected = c.getArchiveSha256().toByteArray();
        if (!terminal || System.nanoTime() - drawn > 100_000_000L || written == total) {
          ArchiveView.draw(err, ArchiveView.transfer(written, total, started), terminal);
          drawn = System.nanoTime();
        }
      }
    }
    if (terminal) {
      err.println();
    }
    long size = Files.size(part);
    if (expected == null && size == 0) {
      err.println("the server sent nothing; " + part + " is unchanged");
      return 1;
    }
    byte[] actual = sha256(part);
    if (size != total || (expected != null && !MessageDigest.isEqual(expected, actual))) {
      err.println("the downloaded file does not match the archive (size " + size + " of " + total
          + "); delete " + part + " and download again");
      return 1;
    }
    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    spec.commandLine().getOut().println(out + ": " + ExportReport.count(size) + " bytes, sha256 "
        + HexFormat.of().formatHex(actual) + " (verified)");
    spec.commandLine().getOut().flush();
    return decrypt ? decryptAndVerify() : 0;
  }

  /** Decrypts {@code out} to the ZIP beside it (written as .part, renamed once whole) and verifies it. */
  private int decryptAndVerify() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    String name = out.getFileName().toString();
    Path zip = out.resolveSibling(name.endsWith(".gpg") ? name.substring(0, name.length() - 4) : name + ".zip");
    Path zipPart = zip.resolveSibling(zip.getFileName() + ".part");
    char[] passphrase = ExportVerifyCommand.passphrase(passphraseFile);
    // The plaintext is the tenant's data: readable by its owner only, as the passphrase file is.
    Files.deleteIfExists(zipPart);
    Files.createFile(zipPart, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (InputStream in = Files.newInputStream(out); OutputStream plain = Files.newOutputStream(zipPart)) {
      ArchiveFiles.decrypt(in, passphrase, plain);
    } catch (IOException e) {
      Files.deleteIfExists(zipPart);
      err.println("could not decrypt " + out + ": " + e.getMessage());
      return 1;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    Files.move(zipPart, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    ArchiveReport report = ArchiveFiles.verify(zip);
    ExportVerifyCommand.print(report, stdout);
    if (!report.ok()) {
      report.problems().forEach(p -> err.println("problem: " + p));
      err.println("FAILED: " + zip + " does not match its manifest.json");
      return 1;
    }
    stdout.println(zip + ": decrypted, every file matches manifest.json");
    stdout.flush();
    return 0;
  }

  private static byte[] sha256(Path file) throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
