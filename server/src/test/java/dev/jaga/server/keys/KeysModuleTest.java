package dev.jaga.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import dev.jaga.server.app.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the master key comes from: created in dev, required in production. */
class KeysModuleTest {
  private final RegionConfig real = TestClusters.realConfig();

  @Test
  void production_withoutTheKeyFile_refusesToStart() throws Exception {
    Region region = regionWithKeysIn(Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "prod"));

    assertThatThrownBy(() -> KeysModule.masterKey(withMode(Mode.PRODUCTION), region))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");
    assertThat(KeysModule.keyFile(region)).doesNotExist();
  }

  @Test
  void dev_createsTheKeyOnce_andProductionThenReadsIt() throws Exception {
    Region region = regionWithKeysIn(Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "dev"));

    RegionMasterKey created = KeysModule.masterKey(withMode(Mode.DEV), region);

    assertThat(KeysModule.keyFile(region)).exists();
    assertThat(KeysModule.masterKey(withMode(Mode.PRODUCTION), region).keyId()).isEqualTo(created.keyId());
  }

  private RegionConfig withMode(Mode mode) {
    return new RegionConfig(real.dir(), new Regions(mode, real.regions().byId()), real.residency(), real.catalog(), real.access(), real.erasure());
  }

  private Region regionWithKeysIn(Path dir) {
    Region r = real.regions().byId().get("id-jkt");
    return new Region(r.id(), r.country(), r.groups(), r.active(), r.grpc(), r.database(), r.archiveDir(), dir.resolve("keys"));
  }
}
