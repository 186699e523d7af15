package dev.jaga.server.keys;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.jaga.config.Mode;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import java.nio.file.Path;
import javax.inject.Singleton;

/** The region's master key and the tenant keys it wraps. */
@Module
public interface KeysModule {
  @Binds
  TenantKeys tenantKeys(WrappedTenantKeys keys);

  /**
   * The master key in the region's key store ({@code var/<region>/keys/} in dev), created on the
   * first start in dev mode; in production it must already be there, or the node does not start.
   */
  @Provides
  @Singleton
  static RegionMasterKey masterKey(RegionConfig config, @ThisRegion Region region) {
    Path file = keyFile(region);
    return config.regions().mode() == Mode.PRODUCTION
        ? RegionMasterKey.load(file)
        : RegionMasterKey.loadOrCreate(file);
  }

  static Path keyFile(Region region) {
    return region.keyDir().toAbsolutePath().resolve("master-aes256.key");
  }
}
