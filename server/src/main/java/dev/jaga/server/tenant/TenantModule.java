package dev.jaga.server.tenant;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.jaga.server.keys.TenantKeys;
import java.util.Set;
import io.grpc.BindableService;

/** Contributes {@code jaga.v1.TenantService}. */
@Module
public interface TenantModule {
  @Binds
  @IntoSet
  BindableService tenantService(TenantGrpcService service);

  /**
   * The tenant keys the purge destroys, once a module binds them; until then a due purge waits
   * (the tenant stays PENDING_DELETION) rather than leave archives readable.
   */
  @BindsOptionalOf
  TenantKeys tenantKeys();

  @Binds
  @IntoSet
  PurgeStep forgetPurgedTenant(TenantCache cache);

  /** What features outside the database remove when a tenant is purged; none is fine. */
  @Multibinds
  Set<PurgeStep> purgeSteps();
}
