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

/** Contributes {@code jaga.v1.AuditService}, the region's audit key, and the log calls are audited in. */
@Module
public interface AuditModule {
  @Binds
  @IntoSet
  BindableService auditService(AuditGrpcService service);

  @Binds
  AuditSink sink(AuditLogSink sink);

  /**
   * The region's audit key, in its key store ({@code var/<region>/keys/} in dev): the one thing of
   * the audit log that must never be in the database it protects.
   */
  @Provides
  @Singleton
  static AuditKey auditKey(@ThisRegion Region region) {
    return AuditKey.loadOrCreate(keyFile(region));
  }

  static Path keyFile(Region region) {
    return region.keyDir().toAbsolutePath().resolve("audit-ed25519.key");
  }
}
