package dev.jaga.client.export;

/**
 * Thrown when an export stream fails one of the receiver's checks, naming the check, so that a
 * stream is never taken as complete unless every batch and the final summary proved it.
 */
public final class ExportVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The checks an export stream must pass, one per way the data could be wrong or incomplete. */
  public enum Check {
    /** A batch's records do not hash to the SHA-256 the batch carries. */
    BATCH_SHA256,
    /** A batch's record_count is not its number of '\n'-terminated lines. */
    RECORD_COUNT,
    /** A chunk's sequence number skips or repeats one: a gap or a duplicate. */
    SEQUENCE,
    /** The digest chained over every batch's SHA-256 differs from the summary's. */
    STREAM_DIGEST,
    /** The records and bytes received per entity differ from the summary's totals. */
    TOTALS,
    /** The stream ended without a summary, or sent something a well-formed stream never does. */
    INCOMPLETE
  }

  private final Check check;

  ExportVerificationException(Check check, String message) {
    super(check + ": " + message);
    this.check = check;
  }

  /** Which check failed. */
  public Check check() {
    return check;
  }
}
