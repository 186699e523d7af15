package dev.jaga.server.archive;

import java.util.Map;
import java.util.Optional;

/**
 * A complete archive.
 *
 * @param bytes size of the encrypted file
 * @param sha256 SHA-256 of the encrypted file
 * @param rowsPerEntity the manifest's row counts, in the order the entities were written
 * @param passphrase the random passphrase the archive is encrypted to, when there is no recipient
 *     key; the caller seals it with {@link dev.jaga.server.keys.TenantKeys} and forgets it
 */
public record ProducedArchive(
    long bytes, byte[] sha256, Map<String, Long> rowsPerEntity, Optional<char[]> passphrase) {}
