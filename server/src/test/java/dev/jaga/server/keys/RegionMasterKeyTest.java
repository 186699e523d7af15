package dev.jaga.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The region master key file: created once in dev, never invented in production, never replaced. */
class RegionMasterKeyTest {
  private final Path dir = tempDir();

  @Test
  void loadOrCreate_createsAnOwnerOnlyFile_andTheSameKeyIsReadBack() throws Exception {
    Path file = dir.resolve("keys/master-aes256.key");
    RegionMasterKey created = RegionMasterKey.loadOrCreate(file);
    byte[] aad = "jaga-tenant-key\0acme-id".getBytes(StandardCharsets.UTF_8);
    byte[] wrapped = created.wrap(new byte[32], aad);

    RegionMasterKey reloaded = RegionMasterKey.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(reloaded.keyId()).isEqualTo(created.keyId());
    assertThat(reloaded.unwrap(wrapped, aad)).isEqualTo(new byte[32]);
    assertThat(RegionMasterKey.load(file).keyId()).isEqualTo(created.keyId());
  }

  @Test
  void load_missingFile_refusesToStart_andCreatesNothing() {
    Path file = dir.resolve("master-aes256.key");

    assertThatThrownBy(() -> RegionMasterKey.load(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");
    assertThat(file).doesNotExist();
  }

  @Test
  void load_damagedFile_isRefused_notReplaced() throws Exception {
    Path file = dir.resolve("master-aes256.key");
    Files.writeString(file, "not a key\n");

    assertThatThrownBy(() -> RegionMasterKey.loadOrCreate(file)).hasMessageContaining("not 32 bytes");
    assertThat(Files.readString(file)).isEqualTo("not a key\n");
  }

  @Test
  void unwrap_withAnotherTenantsAssociatedData_isRefused() {
    RegionMasterKey key = RegionMasterKey.loadOrCreate(dir.resolve("k.key"));
    byte[] wrapped = key.wrap(new byte[32], "acme-id".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> key.unwrap(wrapped, "sinar-id".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SealedBlobException.class);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "master-key");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
