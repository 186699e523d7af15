package dev.jaga.server.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.SnapshotInfo;
import dev.jaga.api.v1.StreamSummary;
import com.google.common.util.concurrent.MoreExecutors;
import dev.jaga.server.grpc.CallEnding;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running stream export under manual flow control: a batch is read from the cursor only when
 * the transport is ready to take it, so a slow client slows the reading instead of filling memory;
 * a cancelled or broken call releases the cursor and the transaction at once.
 *
 * <p>gRPC runs the ready and cancel handlers of one call one at a time, so the reader is never used
 * by two threads.
 */
final class StreamExportCall {
  private static final Logger log = LoggerFactory.getLogger(StreamExportCall.class);
  /** Record batches read and handed to gRPC by every stream of this JVM: what tests watch. */
  private static final AtomicLong BATCHES_SENT = new AtomicLong();

  private final ServerCallStreamObserver<ExportChunk> out;
  private final ExportReader reader;
  private final SnapshotHolds holds;
  private final Optional<CallEnding> ending = CallEnding.current();
  private final StreamState state;
  private final List<EntityQuery> plan;
  private final int chunkBytes;
  private final boolean resumed;
  private boolean first = true;
  private boolean done;

  StreamExportCall(
      ServerCallStreamObserver<ExportChunk> out,
      ExportReader reader,
      SnapshotHolds holds,
      StreamState state,
      List<EntityQuery> plan,
      int chunkBytes,
      boolean resumed) {
    this.out = out;
    this.reader = reader;
    this.holds = holds;
    this.state = state;
    this.plan = plan;
    this.chunkBytes = chunkBytes;
    this.resumed = resumed;
  }

  void start() {
    // Closed by the server itself (done, audit failure, duration cap) or cancelled by the client:
    // the transactions and the COPY go at once. Only a broken connection keeps the snapshot, for
    // a resumption within the grace period; the COPY and its reader go at once all the same.
    out.setOnCancelHandler(this::cancelled);
    out.setOnCloseHandler(this::release);
    out.setOnReadyHandler(this::drain);
    // The handlers above wait for a batch being read; a query in flight is aborted right away.
    Context.current().addListener(ended -> reader.cancel(), MoreExecutors.directExecutor());
  }

  private void drain() {
    if (done) {
      return;
    }
    try {
      while (out.isReady() && !out.isCancelled()) {
        ExportReader.Batch batch = reader.next(chunkBytes);
        if (batch == null) {
          finish();
          return;
        }
        send(batch);
      }
    } catch (Exception e) {
      if (!done && !out.isCancelled()) {
        log.warn("stream export failed", e);
        release();
        out.onError(e);
      }
    }
  }

  private void send(ExportReader.Batch batch) {
    byte[] sha = StreamState.sha256(batch.jsonl(), batch.size());
    state.sent(batch.entityIndex(), sha, batch.count(), batch.size(), batch.lastKey(), batch.entityDone());
    ExportChunk.Builder chunk =
        ExportChunk.newBuilder()
            .setSequence(state.sequence)
            .setRecords(
                RecordBatch.newBuilder()
                    .setEntity(batch.entity())
                    // The batch's array is never touched again: wrapped, not copied.
                    .setJsonl(UnsafeByteOperations.unsafeWrap(batch.jsonl(), 0, batch.size()))
                    .setRecordCount(batch.count())
                    .setSha256(ByteString.copyFrom(sha)))
            .setResumeToken(state.token());
    out.onNext(withSnapshot(chunk).build());
    BATCHES_SENT.incrementAndGet();
  }

  /**
   * How many record batches the streams of this JVM have read and sent so far. Tests compare it
   * with what a slow client has received: the difference is what flow control lets run ahead.
   */
  static long batchesSent() {
    return BATCHES_SENT.get();
  }

  private void finish() {
    StreamSummary.Builder summary = StreamSummary.newBuilder().setStreamSha256(ByteString.copyFrom(state.chain));
    for (int i = 0; i < plan.size(); i++) {
      summary.addTotals(
          EntityTotal.newBuilder()
              .setEntity(plan.get(i).entity())
              .setRecords(state.records[i])
              .setBytes(state.bytes[i]));
    }
    ExportChunk.Builder last =
        ExportChunk.newBuilder().setSequence(state.sequence + 1).setSummary(summary).setResumeToken(state.token());
    release();
    out.onNext(withSnapshot(last).build());
    out.onCompleted();
  }

  private ExportChunk.Builder withSnapshot(ExportChunk.Builder chunk) {
    if (first) {
      first = false;
      long micros = state.snapshotMicros;
      chunk.setSnapshot(
          SnapshotInfo.newBuilder()
              .setTakenTime(Timestamp.newBuilder()
                  .setSeconds(Math.floorDiv(micros, 1_000_000L))
                  .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000))
              .setSameSnapshot(resumed && reader.sameSnapshot())
              .setNewSnapshotAfterResume(resumed && !reader.sameSnapshot()));
    }
    return chunk;
  }

  private void cancelled() {
    if (done) {
      return;
    }
    if (ending.map(CallEnding::connectionBroke).orElse(false)) {
      log.info("stream export: the connection broke ({}); holding its snapshot for a resumption",
          ending.get().status());
      done = true;
      reader.park(holds);
    } else {
      log.info("stream export cancelled ({}); releasing its snapshot", ending.map(CallEnding::status).orElse(null));
      release();
    }
  }

  /** Ends the transaction and returns the connection, whatever ended the call. */
  private void release() {
    if (!done) {
      done = true;
      reader.close();
    }
  }
}
