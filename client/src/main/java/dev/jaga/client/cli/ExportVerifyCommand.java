package dev.jaga.client.cli;

import dev.jaga.client.archive.ArchiveFiles;
import dev.jaga.client.archive.ArchiveFormatException;
import dev.jaga.client.archive.ArchiveReport;
import dev.jaga.client.archive.FileCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaga export verify ARCHIVE}: checks every file of an export archive against its
 * manifest.json (size, SHA-256, rows), decrypting an encrypted archive on the fly.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check an export archive against its manifest.json: every file's size, SHA-256 and rows,"
          + " nothing missing, nothing added. Exit 0 if all match, 1 if not, 2 if it cannot be read.",
      "ARCHIVE is the decrypted .zip, or the encrypted archive with --passphrase-file (then its"
          + " OpenPGP integrity check is verified too; nothing is written to disk)."
    })
final class ExportVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: a .zip, or the encrypted file.")
  Path archive;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "A file whose first line is the archive's passphrase (from `jaga export key`).")
  Path passphraseFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    char[] passphrase = null;
    try {
      passphrase = passphraseFile == null ? null : passphrase(passphraseFile);
      ArchiveReport report = ArchiveFiles.verify(archive, passphrase);
      print(report, out);
      if (report.ok()) {
        long rows = report.rows().values().stream().mapToLong(Long::longValue).sum();
        out.printf("OK: %d files match manifest.json (%d rows) of export %s, tenant %s%n",
            report.files().size(), rows, report.exportId(), report.tenantId());
        return 0;
      }
      report.problems().forEach(p -> err.println("problem: " + p));
      long bad = report.files().stream().filter(f -> !f.ok()).count();
      err.printf("FAILED: %d of %d files do not match manifest.json%s%n", bad, report.files().size(),
          report.problems().isEmpty() ? "" : ", and " + report.problems().size() + " problem(s) above");
      return 1;
    } catch (ArchiveFormatException e) {
      err.println("FAILED: " + e.getMessage());
      return e.getMessage().contains("altered") ? 1 : 2;
    } catch (IOException e) {
      err.println("cannot read " + archive + ": " + e.getMessage());
      return 2;
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  static char[] passphrase(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    if (line.isEmpty()) {
      throw new IOException("the passphrase file " + file + " is empty");
    }
    return line.toCharArray();
  }

  static void print(ArchiveReport report, PrintWriter out) {
    out.printf("%-48s %10s %12s  %-16s %s%n", "FILE", "ROWS", "BYTES", "SHA-256", "RESULT");
    for (FileCheck f : report.files()) {
      out.printf("%-48s %10s %12s  %-16s %s%n",
          f.name(), f.actualRows().or(f::expectedRows).map(String::valueOf).orElse(""),
          f.actualBytes() < 0 ? "-" : String.valueOf(f.actualBytes()),
          f.actualSha256().isEmpty() ? "-" : f.actualSha256().substring(0, 16),
          f.ok() ? "ok" : "MISMATCH: " + f.problem().orElse("") + expected(f));
    }
  }

  private static String expected(FileCheck f) {
    Optional<Long> rows = f.expectedRows();
    return " (manifest: " + rows.map(r -> r + " rows, ").orElse("") + f.expectedBytes() + " bytes, "
        + (f.expectedSha256().length() >= 16 ? f.expectedSha256().substring(0, 16) : f.expectedSha256()) + ")";
  }
}
