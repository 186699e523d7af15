package dev.jaga.server.archive;

import java.io.IOException;

/** The archive stopped half-way because its export was cancelled or its job was taken away. */
public final class ArchiveCancelledException extends IOException {
  public ArchiveCancelledException(String message) {
    super(message);
  }
}
