package dev.jaga.server.archive;

/** How a running archive reports progress and learns that it was cancelled. */
public interface ArchiveProgress {
  /** Called after each batch of rows written: the entity, and the totals so far. */
  void advanced(int entitiesDone, int entitiesTotal, long rows, long encryptedBytes);

  /** True once the export was cancelled (or its job lost): the producer stops and throws. */
  boolean cancelled();
}
