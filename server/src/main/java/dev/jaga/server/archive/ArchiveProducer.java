package dev.jaga.server.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the encrypted archive of one export: a ZIP (one JSON file per entity, CSV beside it if
 * asked, attachments, README.txt, manifest.json) read from one snapshot of the tenant's data and
 * encrypted as OpenPGP as it is written, so that no plaintext reaches the disk.
 *
 * <p>The export job calls this once per attempt. It writes {@code target} only; the job moves the
 * file into the archive store when the call returns normally, and deletes it otherwise, so a
 * partial archive is never served.
 */
public interface ArchiveProducer {
  /**
   * Writes the archive.
   *
   * @throws ArchiveCancelledException when {@link ArchiveProgress#cancelled()} turned true
   */
  ProducedArchive produce(ArchiveJob job, Path target, ArchiveProgress progress) throws IOException;
}
