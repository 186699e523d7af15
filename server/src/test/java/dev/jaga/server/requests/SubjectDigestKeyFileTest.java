package dev.jaga.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectDigestKeyFileTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_rawKeyOfAnEarlierVersion_isKept_soOldDigestsStillMatch() throws Exception {
    Path file = dir.resolve(SubjectDigests.FILE);
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    Files.write(file, raw);

    assertThat(SubjectDigests.loadOrCreate(file)).isEqualTo(raw);
    assertThat(Files.readAllBytes(file)).isEqualTo(raw);
  }

  @Test
  void loadOrCreate_noFile_writesBase64_andReadsTheSameKeyBack() throws Exception {
    Path file = dir.resolve("keys").resolve(SubjectDigests.FILE);

    byte[] created = SubjectDigests.loadOrCreate(file);

    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(created).hasSize(32);
    assertThat(new SubjectDigests(SubjectDigests.loadOrCreate(file)).of("t", "s"))
        .isEqualTo(new SubjectDigests(created).of("t", "s"));
  }
}
