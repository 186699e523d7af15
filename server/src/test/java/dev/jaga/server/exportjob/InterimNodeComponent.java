package dev.jaga.server.exportjob;

import dagger.BindsInstance;
import dagger.Component;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.NodeComponent;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.audit.AuditModule;
import dev.jaga.server.db.DatabaseModule;
import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.directory.DirectoryModule;
import dev.jaga.server.erasure.ErasureModule;
import dev.jaga.server.export.ExportModule;
import dev.jaga.server.grpc.GrpcModule;
import dev.jaga.server.grpc.Transport;
import dev.jaga.server.keys.TenantKeys;
import dev.jaga.server.tenant.TenantModule;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * DEVELOPMENT ONLY, until the archive and keys modules are merged: the node's graph (the same
 * modules as {@link NodeComponent}) with the archive producer and tenant keys given by the test.
 * At the merge this goes, and the tests build nodes with {@link dev.jaga.server.app.Node#productionGraph}.
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
    })
interface InterimNodeComponent extends NodeComponent {
  /** As NodeComponent's builder, plus the two parts the test supplies. */
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
    Builder producer(ArchiveProducer producer);

    @BindsInstance
    Builder keys(TenantKeys keys);

    InterimNodeComponent build();
  }
}
