package dev.jaga.server.app;

import dagger.BindsInstance;
import dagger.Component;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.archive.ArchiveModule;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.audit.AuditModule;
import dev.jaga.server.db.DatabaseModule;
import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.directory.DirectoryModule;
import dev.jaga.server.directory.Peers;
import dev.jaga.server.erasure.ErasureJobs;
import dev.jaga.server.erasure.ErasureModule;
import dev.jaga.server.export.ExportModule;
import dev.jaga.server.residency.ResidencyModule;
import dev.jaga.server.residency.TrafficMeter;
import dev.jaga.server.exportjob.ExportJobModule;
import dev.jaga.server.exportjob.ExportWorker;
import dev.jaga.server.exportjob.RetentionSweeper;
import dev.jaga.server.grpc.GrpcModule;
import dev.jaga.server.grpc.GrpcServer;
import dev.jaga.server.grpc.Transport;
import dev.jaga.server.keys.KeysModule;
import dev.jaga.server.keys.RegionMasterKey;
import dev.jaga.server.keys.TenantKeys;
import dev.jaga.server.tenant.TenantModule;
import dev.jaga.server.tenant.TenantPurge;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Clock;
import javax.inject.Singleton;
import org.jooq.DSLContext;

/**
 * The object graph of one node: the region it serves, that region's database, and every feature's
 * gRPC service. Tests build the same graph with another transport and clock, nothing else.
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
      ArchiveModule.class,
    })
public interface NodeComponent {
  GrpcServer server();

  AuditLog auditLog();

  HealthStatusManager health();

  Peers peers();

  /** The tenant rows kept in memory; listens for their changes once started. */
  dev.jaga.server.tenant.TenantCache tenantCache();

  /** Bytes of tenant data this node sent and received, per tenant and data class. */
  TrafficMeter traffic();

  /** The region's erasure sweepers (retention, request clock, tenant purge). */
  ErasureJobs erasureJobs();

  /** The region's master key: asked for at start, so a production node without it never serves. */
  RegionMasterKey masterKey();

  TenantKeys tenantKeys();

  /** Purges the tenants whose deletion grace period has ended (erasure.yaml runs it periodically). */
  TenantPurge tenantPurge();

  ArchiveProducer archiveProducer();

  /** This node's share of the region's archive export jobs. */
  ExportWorker exportWorker();

  /** Deletes archives past their retention (the worker runs it on every poll). */
  RetentionSweeper retentionSweeper();

  /** The database access every service is given: the runtime pool, as the restricted role. */
  DSLContext dsl();

  /** Everything a node is built from; all of it is decided before the graph exists. */
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

    NodeComponent build();
  }
}
