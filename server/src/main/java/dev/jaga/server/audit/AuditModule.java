package dev.jaga.server.audit;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import io.grpc.BindableService;
import java.nio.file.Path;
import javax.inject.Singleton;

/** Contributes {@code jaga.v1.AuditService} and the region's audit key. */
@Module
public interface AuditModule {
  @Binds
  @IntoSet
  BindableService auditService(AuditGrpcService service);

  /**
   * The region's audit key, next to its other local data ({@code var/<region>/keys/} in dev): the
   * one thing of the audit log that must never be in the database it protects.
   */
  @Provides
  @Singleton
  static AuditKey auditKey(@ThisRegion Region region) {
    return AuditKey.loadOrCreate(keyFile(region));
  }

  /** {@code <region data dir>/keys/audit-ed25519.key}, the data dir holding the archive store. */
  static Path keyFile(Region region) {
    return region.archiveDir().toAbsolutePath().resolveSibling("keys").resolve("audit-ed25519.key");
  }
}
