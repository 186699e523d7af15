package dev.jaga.server.exportjob;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.auth.PolicyRefinements;
import dev.jaga.server.keys.TenantKeys;
import dev.jaga.server.tenant.PurgeStep;

/**
 * The archive export workflow: what its calls need (refined per request from the export's scope),
 * and the two parts it runs on that another module provides, the archive producer and the tenant
 * keys. Without them the workflow still takes requests, and jobs wait QUEUED.
 */
@Module
public interface ExportJobModule {
  /** A purged tenant's archives leave the store. */
  @Binds
  @IntoSet
  PurgeStep archivesPurge(ArchivesPurge step);

  @BindsOptionalOf
  ArchiveProducer archiveProducer();

  @BindsOptionalOf
  TenantKeys tenantKeys();

  @Provides
  @IntoMap
  @StringKey("jaga.v1.ExportService/CreateExport")
  static PolicyRefinements.Refinement create(StoredExportAccess.Factory f) {
    return f.of(StoredExportAccess.Kind.CREATE);
  }

  @Provides
  @IntoMap
  @StringKey("jaga.v1.ExportService/GetExport")
  static PolicyRefinements.Refinement get(StoredExportAccess.Factory f) {
    return f.of(StoredExportAccess.Kind.VIEW);
  }

  @Provides
  @IntoMap
  @StringKey("jaga.v1.ExportService/CancelExport")
  static PolicyRefinements.Refinement cancel(StoredExportAccess.Factory f) {
    return f.of(StoredExportAccess.Kind.VIEW);
  }

  @Provides
  @IntoMap
  @StringKey("jaga.v1.ExportService/GetExportKey")
  static PolicyRefinements.Refinement key(StoredExportAccess.Factory f) {
    return f.of(StoredExportAccess.Kind.FETCH);
  }

  @Provides
  @IntoMap
  @StringKey("jaga.v1.ExportService/DownloadExport")
  static PolicyRefinements.Refinement download(StoredExportAccess.Factory f) {
    return f.of(StoredExportAccess.Kind.FETCH);
  }
}
