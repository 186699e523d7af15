package dev.jaga.server.erasure;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.ErasureService}. */
@Module
public interface ErasureModule {
  @Binds
  @IntoSet
  BindableService erasureService(ErasureGrpcService service);
}
