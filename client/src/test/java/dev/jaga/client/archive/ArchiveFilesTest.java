package dev.jaga.client.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decrypting and verifying archives: a good one passes, each kind of damage is named. */
class ArchiveFilesTest {
  private static final char[] PASSPHRASE = "k3m9-q2v8-x7tb".toCharArray();

  @TempDir Path tmp;

  @Test
  void verify_goodArchive_passes_withRowsCountedPerFormat() throws Exception {
    ArchiveReport report = ArchiveFiles.verify(write("good.zip", TestArchives.zip()));

    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(report.files()).hasSize(4);
    assertThat(report.files().stream().filter(f -> f.name().startsWith("users.")))
        .allSatisfy(f -> assertThat(f.actualRows()).contains(3L));
    assertThat(report.tenantId()).isEqualTo("acme-id");
  }

  @Test
  void verify_fileAlteredAfterTheManifest_failsNamingIt() throws Exception {
    Map<String, byte[]> files = TestArchives.files();
    byte[] manifestOfGood = manifestOf(TestArchives.zip());
    files.put("users.jsonl", TestArchives.USERS_JSONL.replace("b@acme", "x@acme").getBytes(StandardCharsets.UTF_8));

    ArchiveReport report = ArchiveFiles.verify(write("tampered.zip", TestArchives.zipOf(files, manifestOfGood)));

    assertThat(report.ok()).isFalse();
    assertThat(report.files()).filteredOn(f -> !f.ok()).singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("users.jsonl"))
        .satisfies(f -> assertThat(f.problem()).hasValueSatisfying(p -> assertThat(p).contains("SHA-256")));
  }

  @Test
  void verify_manifestRowCountChanged_fails() throws Exception {
    byte[] lying = TestArchives.zip(TestArchives.files(), m -> m.with("rows").put("users", 4));
    byte[] lyingPerFile = TestArchives.zip(TestArchives.files(),
        m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.path("files").get(1)).put("rows", 2));

    assertThat(ArchiveFiles.verify(write("a.zip", lying)).ok()).isFalse();
    ArchiveReport report = ArchiveFiles.verify(write("b.zip", lyingPerFile));
    assertThat(report.ok()).isFalse();
    assertThat(report.files().get(1).problem()).hasValueSatisfying(p -> assertThat(p).contains("rows differ"));
  }

  @Test
  void verify_missingOrExtraFileOrNoManifest_fails() throws Exception {
    Map<String, byte[]> files = TestArchives.files();
    byte[] manifest = manifestOf(TestArchives.zip());
    files.remove("README.txt");
    files.put("planted.txt", new byte[] {1});

    ArchiveReport report = ArchiveFiles.verify(write("c.zip", TestArchives.zipOf(files, manifest)));
    ArchiveReport none = ArchiveFiles.verify(write("d.zip", TestArchives.zipOf(TestArchives.files(), null)));

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("planted.txt"));
    assertThat(report.files()).anySatisfy(f -> assertThat(f.problem()).contains("missing from the archive"));
    assertThat(none.ok()).isFalse();
    assertThat(none.problems()).singleElement().satisfies(p -> assertThat(p).contains("no manifest.json"));
  }

  @Test
  void decrypt_withThePassphrase_givesTheZipBack_andVerifyReadsTheEncryptedFileDirectly() throws Exception {
    byte[] zip = TestArchives.zip();
    byte[] encrypted = TestArchives.encrypt(zip, PASSPHRASE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ArchiveFiles.decrypt(new ByteArrayInputStream(encrypted), PASSPHRASE, out);

    assertThat(out.toByteArray()).isEqualTo(zip);
    assertThat(ArchiveFiles.verify(write("a.zip.gpg", encrypted), PASSPHRASE).ok()).isTrue();
  }

  @Test
  void decrypt_wrongPassphraseOrAlteredCiphertext_isRefused() throws Exception {
    byte[] encrypted = TestArchives.encrypt(TestArchives.zip(), PASSPHRASE);
    byte[] altered = encrypted.clone();
    altered[altered.length / 2] ^= 0x01;

    assertThatThrownBy(() -> ArchiveFiles.decrypt(
            new ByteArrayInputStream(encrypted), "wrong".toCharArray(), new ByteArrayOutputStream()))
        .isInstanceOf(ArchiveFormatException.class).hasMessageContaining("passphrase");
    assertThatThrownBy(() -> ArchiveFiles.decrypt(
            new ByteArrayInputStream(altered), PASSPHRASE, new ByteArrayOutputStream()))
        .isInstanceOf(ArchiveFormatException.class).hasMessageContaining("altered");
    assertThatThrownBy(() -> ArchiveFiles.verify(write("e.gpg", encrypted), null))
        .isInstanceOf(ArchiveFormatException.class).hasMessageContaining("passphrase");
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(tmp.resolve(name), content);
  }

  private static byte[] manifestOf(byte[] zip) throws Exception {
    try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals("manifest.json")) {
          return in.readAllBytes();
        }
      }
    }
    throw new IllegalStateException("no manifest");
  }
}
