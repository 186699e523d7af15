package dev.jaga.client.archive;

import java.io.IOException;

/** The file is not a readable Jaga archive: not OpenPGP or ZIP, the wrong passphrase, or altered. */
public final class ArchiveFormatException extends IOException {
  public ArchiveFormatException(String message) {
    super(message);
  }
}
