package dev.jaga.client.cli;

import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportKeyResponse;
import dev.jaga.client.JagaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaga export key}: the archive's passphrase (shown once, ever) and a download token. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = {
      "Reveal a READY archive's passphrase and get a download token (requester only, fresh sign-in).",
      "The server destroys the passphrase once it has shown it: keep it now, e.g. with --passphrase-file."
    })
final class ExportKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The export's tenant.")
  String tenantId;

  @Parameters(paramLabel = "EXPORT_ID", description = "The export.")
  String exportId;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Write the passphrase here (owner-only permissions) instead of printing it.")
  Path passphraseFile;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Write the download token here (owner-only permissions) instead of printing it.")
  Path tokenFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (JagaClient client = connection.open()) {
      GetExportKeyResponse key = client.exports().getExportKey(
          GetExportKeyRequest.newBuilder().setTenantId(tenantId).setExportId(exportId).build());
      if (!key.getPassphrase().isEmpty()) {
        if (passphraseFile != null) {
          writePrivate(passphraseFile, key.getPassphrase());
          out.println("passphrase written to " + passphraseFile + " (shown once: the server no longer has it)");
        } else {
          out.println("passphrase: " + key.getPassphrase());
          out.println("  shown once: the server no longer has it. Open the archive with gpg --decrypt.");
        }
      } else if (key.getPassphraseAlreadyRevealed()) {
        out.println("passphrase: already revealed by an earlier call and destroyed; it cannot be shown again");
      } else {
        out.println("passphrase: none; the archive is encrypted to the recipient's OpenPGP key");
      }
      if (tokenFile != null) {
        writePrivate(tokenFile, key.getDownloadToken());
        out.println("download token written to " + tokenFile);
      } else {
        out.println("download token: " + key.getDownloadToken());
      }
      out.println("  valid until " + Instant.ofEpochSecond(key.getDownloadTokenExpireTime().getSeconds()) + " for "
          + key.getDownloadsAllowed() + " download call(s); a resumed download is a call too");
      out.flush();
      return 0;
    }
  }

  private static void writePrivate(Path file, String secret) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + System.lineSeparator());
  }
}
