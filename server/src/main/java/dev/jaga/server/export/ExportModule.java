package dev.jaga.server.export;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.auth.PolicyRefinements;
import dev.jaga.server.residency.RouteClassifier;
import io.grpc.BindableService;
import javax.inject.Singleton;

/** Contributes {@code jaga.v1.ExportService} and what its export requests need. */
@Module
public interface ExportModule {
  @Binds
  @IntoSet
  BindableService exportService(ExportGrpcService service);

  @Binds
  @IntoMap
  @StringKey("jaga.v1.ExportService/StreamExport")
  PolicyRefinements.Refinement streamExportAccess(ExportAccess access);

  /** What an export touches decides where it may be served (residency routing). */
  @Binds
  @IntoMap
  @StringKey("jaga.v1.ExportService/StreamExport")
  RouteClassifier streamExportRouting(ExportRouting routing);

  @Binds
  @IntoMap
  @StringKey("jaga.v1.ExportService/CreateExport")
  RouteClassifier createExportRouting(ExportRouting routing);

  /** The region's resume-token key, in its key store ({@code var/<region>/keys/} in dev). */
  @Provides
  @Singleton
  static ResumeKey resumeKey(@ThisRegion Region region) {
    return ResumeKey.loadOrCreate(region.keyDir().toAbsolutePath().resolve("export-resume.key"));
  }
}
