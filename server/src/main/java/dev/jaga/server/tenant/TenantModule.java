package dev.jaga.server.tenant;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.TenantService}. */
@Module
public interface TenantModule {
  @Binds
  @IntoSet
  BindableService tenantService(TenantGrpcService service);
}
