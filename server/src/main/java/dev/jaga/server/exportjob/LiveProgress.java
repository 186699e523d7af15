package dev.jaga.server.exportjob;

import dev.jaga.server.archive.ArchiveProgress;

/**
 * One attempt's progress as the producer reports it, read by the heartbeat, and the flag that
 * tells the producer to stop (the export was cancelled, its lease was lost, or the node stops).
 */
final class LiveProgress implements ArchiveProgress {
  private volatile long[] totals = new long[4];
  private volatile boolean stop;

  @Override
  public void advanced(int entitiesDone, int entitiesTotal, long rows, long encryptedBytes) {
    totals = new long[] {entitiesDone, entitiesTotal, rows, encryptedBytes};
  }

  @Override
  public boolean cancelled() {
    return stop || Thread.currentThread().isInterrupted();
  }

  void stop() {
    stop = true;
  }

  /** entities done, entities total, rows, bytes. */
  long[] totals() {
    return totals.clone();
  }
}
