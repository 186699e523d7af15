package dev.jaga.server.residency;

import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The deployment's peer key: 32 random bytes every node of the deployment holds and no client
 * does, with which a forwarding node signs the calls it forwards (see {@link ForwardingHeader}).
 *
 * <p>Production: {@code <key_store>/peer-key} (base64), installed by the operator with the same
 * content in every region; the node refuses to start without it. Dev (loopback, one machine):
 * {@code peer-key} beside the dev issuer key, created on first use, so every dev node shares it.
 */
@Singleton
public final class PeerKey {
  static final String FILE = "peer-key";
  private static final int BYTES = 32;

  private final byte[] key;

  @Inject
  PeerKey(RegionConfig config, @ThisRegion Region self) {
    Path file = location(config, self);
    this.key = config.regions().mode() == Mode.DEV ? loadOrCreate(file) : load(file);
  }

  /** A key given as is (tests). */
  PeerKey(byte[] key) {
    this.key = key.clone();
  }

  /** Where this node reads the key from. */
  public static Path location(RegionConfig config, Region self) {
    if (config.regions().mode() == Mode.DEV && !config.access().issuers().isEmpty()) {
      return config.access().issuers().values().iterator().next().jwkFile().resolveSibling(FILE);
    }
    return self.keyDir().resolve(FILE);
  }

  byte[] bytes() {
    return key.clone();
  }

  private static byte[] load(Path file) {
    try {
      byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
      if (key.length < BYTES) {
        throw new IllegalStateException("peer key " + file + " must hold at least " + BYTES + " bytes (base64)");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "peer key " + file + " cannot be read (" + e.getMessage() + "); install the deployment's"
              + " peer key there, the same in every region: head -c 32 /dev/urandom | base64", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("peer key " + file + " is not base64", e);
    }
  }

  private static synchronized byte[] loadOrCreate(Path file) {
    if (Files.exists(file)) {
      return load(file);
    }
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
        // A link never replaces: if another node won the race, every node uses its key.
        Files.createLink(file, tmp);
        return key;
      } catch (FileAlreadyExistsException raced) {
        return load(file);
      } finally {
        Files.delete(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("peer key " + file + ": " + e.getMessage(), e);
    }
  }
}
