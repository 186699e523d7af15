package dev.jaga.server.export;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.ExportService}. */
@Module
public interface ExportModule {
  @Binds
  @IntoSet
  BindableService exportService(ExportGrpcService service);
}
