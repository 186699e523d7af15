package dev.jaga.server.export;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.jaga.server.auth.PolicyRefinements;
import io.grpc.BindableService;

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
}
