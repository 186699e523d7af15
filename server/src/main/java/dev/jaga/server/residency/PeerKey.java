package dev.jaga.server.residency;

import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.keys.SecretFiles;
import java.nio.file.Path;
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
  private static final String WHAT = "the peer key";

  private final byte[] key;

  @Inject
  PeerKey(RegionConfig config, @ThisRegion Region self) {
    Path file = location(config, self);
    this.key = config.regions().mode() == Mode.DEV
        ? SecretFiles.readOrCreate(file, BYTES, WHAT)
        : SecretFiles.read(file, BYTES, WHAT,
            "install the deployment's peer key there, the same in every region: head -c 32 /dev/urandom | base64");
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
}
