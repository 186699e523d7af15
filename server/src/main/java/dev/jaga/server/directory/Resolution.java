package dev.jaga.server.directory;

import dev.jaga.config.Region;

/**
 * Where a tenant lives.
 *
 * @param authoritative true if answered by the home region's own directory now, false if cached
 */
public record Resolution(String tenantId, Region home, boolean authoritative) {}
