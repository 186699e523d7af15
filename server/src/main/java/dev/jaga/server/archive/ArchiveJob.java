package dev.jaga.server.archive;

import dev.jaga.api.v1.ExportFormats;
import dev.jaga.api.v1.Scope;
import java.util.Optional;

/**
 * What one archive must hold, as the export request stored it.
 *
 * @param recipientPublicKey the recipient's ASCII-armored OpenPGP public key; when absent the
 *     archive is encrypted to a random passphrase that {@link ProducedArchive#passphrase()} returns
 */
public record ArchiveJob(
    String exportId, String tenantId, Scope scope, ExportFormats formats, Optional<String> recipientPublicKey) {}
