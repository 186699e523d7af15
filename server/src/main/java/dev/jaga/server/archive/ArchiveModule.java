package dev.jaga.server.archive;

import dagger.Binds;
import dagger.Module;

/** The archive producer the export job runs: OpenPGP-encrypted ZIPs from one snapshot. */
@Module
public interface ArchiveModule {
  @Binds
  ArchiveProducer archiveProducer(OpenPgpArchiveProducer producer);
}
