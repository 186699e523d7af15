package dev.jaga.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_noFile_createsAnOwnerOnlyKeyThatIsReusedAfterwards() throws Exception {
    Path file = dir.resolve("keys/audit-ed25519.key");

    AuditKey created = AuditKey.loadOrCreate(file);
    String pem = Files.readString(file);
    AuditKey loaded = AuditKey.loadOrCreate(file);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(file)).isEqualTo(pem);
    assertThat(loaded.keyId()).isEqualTo(created.keyId()).hasSize(16);
    assertThat(loaded.publicKey()).isEqualTo(created.publicKey()).hasSize(32);
    byte[] message = "head".getBytes(StandardCharsets.UTF_8);
    assertThat(loaded.verify(message, created.sign(message))).isTrue();
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void loadOrCreate_racingCreators_allEndUpWithTheSameKey() {
    Path file = dir.resolve("audit-ed25519.key");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<String>> racers =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return AuditKey.loadOrCreate(file).keyId();
                        }))
            .toList();
    go.countDown();

    assertThat(racers.stream().map(CompletableFuture::join).distinct()).hasSize(1);
  }

  @Test
  void verify_otherMessageOrOtherKey_isFalse() {
    AuditKey key = AuditKey.loadOrCreate(dir.resolve("a.key"));
    AuditKey other = AuditKey.loadOrCreate(dir.resolve("b.key"));
    byte[] message = "head at 57".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(message);

    assertThat(key.verify("head at 58".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(other.verify(message, signature)).isFalse();
    assertThat(other.keyId()).isNotEqualTo(key.keyId());
  }

  @Test
  void loadOrCreate_fileThatIsNotAKey_isRefusedAndKeptAsItIs() throws Exception {
    Path file = dir.resolve("audit-ed25519.key");
    Files.writeString(file, "not a key");

    assertThatThrownBy(() -> AuditKey.loadOrCreate(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).isEqualTo("not a key");
  }

  @Test
  void loadOrCreate_plainPkcs8KeyFromRfc8410_isRead() throws Exception {
    // RFC 8410's example key: the file format is plain PKCS#8, not something only Jaga reads.
    Path file = dir.resolve("openssl.key");
    Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
            + "-----END PRIVATE KEY-----\n");

    assertThat(java.util.HexFormat.of().formatHex(AuditKey.loadOrCreate(file).publicKey()))
        .isEqualTo("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
  }
}
