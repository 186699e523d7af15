package dev.jaga.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.client.archive.ArchiveTestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga export verify}: a per-file table, exit 0 when all match, non-zero otherwise. */
class ExportVerifyCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void goodZip_printsEveryFileOk_andExitsZero() throws Exception {
    Path zip = Files.write(tmp.resolve("a.zip"), ArchiveTestFiles.goodZip());

    assertThat(run(zip.toString())).isZero();
    assertThat(out.toString()).contains("users.jsonl", "users.csv", "README.txt", "OK: 4 files");
    assertThat(out.toString().lines().filter(l -> l.endsWith(" ok"))).hasSize(4);
  }

  @Test
  void encryptedArchive_withPassphraseFile_verifies_andWithoutOne_saysWhatToGive() throws Exception {
    Path encrypted = Files.write(tmp.resolve("a.zip.gpg"), ArchiveTestFiles.encryptedGoodZip("p4ss-w0rd".toCharArray()));
    Path passphrase = Files.writeString(tmp.resolve("key.txt"), "p4ss-w0rd\n");

    assertThat(run(encrypted.toString(), "--passphrase-file", passphrase.toString())).isZero();
    assertThat(run(encrypted.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("passphrase");
  }

  @Test
  void tamperedFile_isMarked_andExitsNonZero() throws Exception {
    Path zip = Files.write(tmp.resolve("b.zip"), ArchiveTestFiles.zipWithAlteredJsonl());

    assertThat(run(zip.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("MISMATCH");
    assertThat(err.toString()).contains("FAILED: 1 of 4 files");
  }

  private int run(String... args) {
    CommandLine cli = JagaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("export", "verify"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }
}
