package dev.jaga.server.directory;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.DirectoryService}. */
@Module
public interface DirectoryModule {
  @Binds
  @IntoSet
  BindableService directoryService(DirectoryGrpcService service);
}
