package dev.jaga.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void readOrCreate_noFile_createsOwnerOnlyBase64InAnOwnerOnlyDirectory_andReadsTheSameBackAfterwards()
      throws Exception {
    Path file = dir.resolve("store/secret.key");

    byte[] created = SecretFiles.readOrCreate(file, 32, "the test key");

    assertThat(created).hasSize(32);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(created);
    assertThat(SecretFiles.readOrCreate(file, 32, "the test key")).isEqualTo(created);
    assertThat(SecretFiles.read(file, 32, "the test key", "install it")).isEqualTo(created);
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void createOnce_racingCreators_exactlyOneWins_andNoneReplacesTheWinnersFile() throws Exception {
    Path file = dir.resolve("raced.key");
    List<CompletableFuture<Boolean>> racers = race(i -> () -> {
      try {
        return SecretFiles.createOnce(file, "content of racer " + i);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    List<Boolean> won = racers.stream().map(CompletableFuture::join).toList();

    assertThat(won).containsOnlyOnce(true);
    assertThat(Files.readString(file)).isEqualTo("content of racer " + won.indexOf(true));
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void readOrCreate_racingCreators_allGetTheSameBytes() {
    Path file = dir.resolve("shared.key");
    List<CompletableFuture<byte[]>> racers = race(i -> () -> SecretFiles.readOrCreate(file, 32, "the test key"));

    assertThat(racers.stream().map(r -> Base64.getEncoder().encodeToString(r.join())).distinct()).hasSize(1);
  }

  @Test
  void readOrCreate_malformedFile_isRefusedNamingIt_andKeptAsItIs() throws Exception {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "not base64 at all!");
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));

    assertThatThrownBy(() -> SecretFiles.readOrCreate(file, 32, "the test key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the test key " + file)
        .hasMessageContaining("restore it")
        .hasMessageContaining("delete it");
    assertThatThrownBy(() -> SecretFiles.read(shortKey, 32, "the test key", "install it"))
        .hasMessageContaining(shortKey.toString())
        .hasMessageContaining("not 32 bytes")
        .hasMessageNotContaining("delete it");
    assertThat(Files.readString(file)).isEqualTo("not base64 at all!");
  }

  @Test
  void read_missingFile_refusesWithWhatToDo_andCreatesNothing() {
    Path file = dir.resolve("missing/peer.key");

    assertThatThrownBy(() -> SecretFiles.read(file, 32, "the test key", "install the key there"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the test key " + file + " does not exist")
        .hasMessageContaining("install the key there");
    assertThat(file.getParent()).doesNotExist();
  }

  /** Eight threads of their own (the common pool may have one on a small machine), started at once. */
  private static <T> List<CompletableFuture<T>> race(IntFunction<Supplier<T>> racer) {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<T>> racers = IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return racer.apply(i).get();
        }, threads))
        .toList();
    go.countDown();
    threads.shutdown();
    return racers;
  }
}
