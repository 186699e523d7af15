package dev.jaga.client.export;

import static dev.jaga.client.export.ExportVerificationException.Check.INCOMPLETE;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.SnapshotInfo;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.api.v1.StreamSummary;
import dev.jaga.client.JagaClient;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A streaming tenant export as an iterator of verified record batches, which resumes by itself from
 * the last resume token after a transient failure and is complete only once the summary arrived and
 * matched everything received.
 *
 * <p>Each batch is checked before {@link #next()} returns it; a failed check, or a failure that is
 * not transient, is thrown from {@link #hasNext()} and ends the stream. It holds one batch at a
 * time (gRPC's blocking iterator asks the server for one message at a time, so the server's flow
 * control paces the export). Not thread-safe, except {@link #close()}, which may be called from any
 * thread to cancel the call.
 */
public final class ExportStream implements Iterator<RecordBatch>, AutoCloseable {

  /** Told before each wait to resume, so a person watching knows why the stream paused. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * @param attempt the attempt about to be made (2 for the first retry)
     * @param delay how long the stream waits before it
     * @param cause the failure that ended the previous call
     */
    void retrying(int attempt, Duration delay, StatusRuntimeException cause);
  }

  private final ResumingCall call;
  private final StreamVerifier verifier;
  private final List<SnapshotInfo> snapshots = new ArrayList<>();
  private volatile boolean closed;
  private RecordBatch pending;
  private StreamSummary summary;
  private RuntimeException failure;
  private long batches;
  private long records;
  private long bytes;
  private String entity = "";
  private String pendingToken;

  ExportStream(ResumingCall call) {
    this(call, new StreamVerifier(), 0, 0, 0);
  }

  private ExportStream(ResumingCall call, StreamVerifier verifier, long batches, long records, long bytes) {
    this.call = call;
    this.verifier = verifier;
    this.batches = batches;
    this.records = records;
    this.bytes = bytes;
  }

  /** Starts the export; the call is under way when this returns. */
  public static ExportStream open(
      JagaClient client, StreamExportRequest request, RetryPolicy policy) {
    return open(client, request, policy, (attempt, delay, cause) -> {});
  }

  /**
   * Starts the export, telling {@code listener} each time it waits to resume.
   *
   * @throws IllegalArgumentException if the request carries a resume token: the digest and the
   *     totals cover the whole export, so only a receiver that saw it from chunk 1 can check them
   */
  public static ExportStream open(
      JagaClient client, StreamExportRequest request, RetryPolicy policy, RetryListener listener) {
    if (!request.getResumeToken().isEmpty()) {
      throw new IllegalArgumentException(
          "start without a resume_token: the stream resumes by itself and verifies from chunk 1");
    }
    ResumingCall call = call(client, request, policy, listener);
    call.start();
    return new ExportStream(call);
  }

  /**
   * Continues an export that an earlier stream (maybe in another process) stopped at {@code
   * from}: the request must be the one that stream was opened with (the server refuses a token of
   * another scope). The batches after the checkpoint are verified as if this stream had seen every
   * batch before it, so {@link #isComplete()} still proves the whole export.
   */
  public static ExportStream resume(
      JagaClient client,
      StreamExportRequest request,
      ExportCheckpoint from,
      RetryPolicy policy,
      RetryListener listener) {
    ResumingCall call = call(client, request.toBuilder().clearResumeToken().build(), policy, listener);
    call.resumeAfter(from.resumeToken());
    call.start();
    long records = from.received().stream().mapToLong(t -> t.getRecords()).sum();
    long bytes = from.received().stream().mapToLong(t -> t.getBytes()).sum();
    return new ExportStream(call, new StreamVerifier(from), from.batches(), records, bytes);
  }

  private static ResumingCall call(
      JagaClient client, StreamExportRequest request, RetryPolicy policy, RetryListener listener) {
    return new ResumingCall(
        client.exports(),
        request,
        policy,
        listener,
        ResumingCall.Sleeper.THREAD,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Where this stream stands after the last batch {@link #next()} returned, for a receiver that
   * stores each batch and wants to continue after a crash ({@link #resume}); empty before the
   * first batch.
   */
  public Optional<ExportCheckpoint> checkpoint() {
    if (pending != null) {
      throw new IllegalStateException("take the checkpoint after next(), before the following hasNext()");
    }
    return batches == 0 || pendingToken == null
        ? Optional.empty()
        : Optional.of(verifier.checkpoint(pendingToken, batches));
  }

  /**
   * Whether another verified batch is available; false only once the summary arrived and verified.
   * Blocks for the next chunk, and across waits to resume.
   *
   * @throws ExportVerificationException if a check failed
   * @throws StatusRuntimeException if the server failed in a way not worth resuming after, or the
   *     attempts ran out
   */
  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (summary != null) {
      return false;
    }
    if (failure != null) {
      throw new IllegalStateException("the export stream already failed", failure);
    }
    if (closed) {
      throw new IllegalStateException("the export stream is closed");
    }
    try {
      return advance();
    } catch (RuntimeException e) {
      failure = e;
      call.cancel();
      throw e;
    }
  }

  /** The next verified batch of records. */
  @Override
  public RecordBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the export is complete");
    }
    RecordBatch batch = pending;
    pending = null;
    return batch;
  }

  /** The summary, once it arrived and matched every batch received; empty before. */
  public Optional<StreamSummary> summary() {
    return Optional.ofNullable(summary);
  }

  /** True once the summary arrived and verified: every record of the export was received. */
  public boolean isComplete() {
    return summary != null;
  }

  /** The snapshot of each call that announced one: the first, then one per resumption. */
  public List<SnapshotInfo> snapshots() {
    return List.copyOf(snapshots);
  }

  /** True if a resumption continued on a new snapshot, so the export is not one instant's data. */
  public boolean newSnapshotAfterResume() {
    return snapshots.stream().anyMatch(SnapshotInfo::getNewSnapshotAfterResume);
  }

  /** Counters of what was received and verified so far. */
  public StreamProgress progress() {
    return new StreamProgress(batches, records, bytes, entity, call.resumptions());
  }

  /** Cancels the call if it is still running; an unfinished stream cannot be continued after. */
  @Override
  public void close() {
    closed = true;
    call.cancel();
  }

  private boolean advance() {
    ExportChunk chunk = call.next();
    if (chunk == null) {
      throw new ExportVerificationException(
          INCOMPLETE,
          "the stream ended after chunk " + verifier.lastSequence() + " without a summary");
    }
    if (chunk.hasSnapshot()) {
      snapshots.add(chunk.getSnapshot());
    }
    switch (chunk.getBodyCase()) {
      case RECORDS -> {
        verifier.acceptBatch(chunk);
        // Only a verified chunk's token is kept: a resumption continues after what was proven.
        call.resumeAfter(chunk.getResumeToken());
        pendingToken = chunk.getResumeToken();
        RecordBatch batch = chunk.getRecords();
        batches++;
        records += batch.getRecordCount();
        bytes += batch.getJsonl().size();
        entity = batch.getEntity();
        pending = batch;
        return true;
      }
      case SUMMARY -> {
        verifier.acceptSummary(chunk);
        ExportChunk extra = call.drain();
        if (extra != null) {
          throw new ExportVerificationException(
              INCOMPLETE, "chunk " + extra.getSequence() + " arrived after the summary");
        }
        summary = chunk.getSummary();
        return false;
      }
      default ->
          throw new ExportVerificationException(
              INCOMPLETE,
              "chunk " + chunk.getSequence() + " carries neither records nor a summary");
    }
  }
}
