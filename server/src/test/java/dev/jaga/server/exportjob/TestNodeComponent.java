package dev.jaga.server.exportjob;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.NodeComponent;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.archive.OpenPgpArchiveProducer;
import dev.jaga.server.audit.AuditModule;
import dev.jaga.server.db.DatabaseModule;
import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.directory.DirectoryModule;
import dev.jaga.server.erasure.ErasureModule;
import dev.jaga.server.export.ExportModule;
import dev.jaga.server.grpc.GrpcModule;
import dev.jaga.server.grpc.Transport;
import dev.jaga.server.keys.KeysModule;
import dev.jaga.server.residency.ResidencyModule;
import dev.jaga.server.tenant.TenantModule;
import java.time.Clock;
import java.util.function.UnaryOperator;
import javax.inject.Singleton;

/**
 * The node's graph ({@link NodeComponent}'s modules) with one seam: the real archive producer goes
 * through a wrapper the test gives, so a test can hold a job half-way or make it fail on purpose.
 */
@Singleton
@Component(
    modules = {
      GrpcModule.class,
      DatabaseModule.class,
      DirectoryModule.class,
      TenantModule.class,
      ExportModule.class,
      ExportJobModule.class,
      ErasureModule.class,
      AuditModule.class,
      ResidencyModule.class,
      KeysModule.class,
      TestNodeComponent.WrappedProducer.class,
    })
interface TestNodeComponent extends NodeComponent {
  /** In place of ArchiveModule: the real producer, wrapped. */
  @Module
  interface WrappedProducer {
    @Provides
    static ArchiveProducer producer(OpenPgpArchiveProducer real, UnaryOperator<ArchiveProducer> wrap) {
      return wrap.apply(real);
    }
  }

  /** As NodeComponent's builder, plus the producer's wrapper. */
  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(RegionConfig config);

    @BindsInstance
    Builder region(@ThisRegion Region region);

    @BindsInstance
    Builder database(RegionDatabase database);

    @BindsInstance
    Builder transport(Transport transport);

    @BindsInstance
    Builder clock(Clock clock);

    @BindsInstance
    Builder wrapProducer(UnaryOperator<ArchiveProducer> wrap);

    TestNodeComponent build();
  }
}
