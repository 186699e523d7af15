package dev.jaga.server.audit;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.AuditService}. */
@Module
public interface AuditModule {
  @Binds
  @IntoSet
  BindableService auditService(AuditGrpcService service);
}
