package dev.jaga.server.exportjob;

import dev.jaga.server.tenant.PurgeStep;
import java.io.IOException;
import javax.inject.Inject;

/**
 * A purged tenant's archives leave the archive store: their export rows (and so the retention
 * sweeper's record of them) went with the purge, and their key with the tenant's.
 */
final class ArchivesPurge implements PurgeStep {
  private final ArchiveStore store;

  @Inject
  ArchivesPurge(ArchiveStore store) {
    this.store = store;
  }

  @Override
  public void purged(String tenantId) throws IOException {
    store.deleteTenant(tenantId);
  }
}
