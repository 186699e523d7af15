package dev.jaga.client.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.SnapshotInfo;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.api.v1.StreamSummary;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A hand-written StreamExport that sends a deterministic export with manual flow control, honours
 * resume tokens, and can be told to fail after a chunk, stall, or tamper with what it sends.
 */
public final class FakeExportService extends ExportServiceGrpc.ExportServiceImplBase {
  private static final Timestamp TAKEN = Timestamp.newBuilder().setSeconds(1_767_225_600).build();

  private final Map<String, String> jsonlByEntity = new LinkedHashMap<>();
  private final List<ExportChunk> chunks = new ArrayList<>();
  private final List<StreamExportRequest> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Break> breaks = new ConcurrentLinkedDeque<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Function<ExportChunk, List<ExportChunk>> tamper = List::of;
  private volatile long stallAfter = Long.MAX_VALUE;

  private record Break(long afterSequence, StatusRuntimeException error) {}

  /** An export of {@code recordsPerEntity}, {@code perBatch} records to a batch. */
  public FakeExportService(Map<String, Integer> recordsPerEntity, int perBatch) {
    byte[] chained = new byte[32];
    StreamSummary.Builder summary = StreamSummary.newBuilder();
    recordsPerEntity.forEach(
        (entity, count) -> {
          StringBuilder all = new StringBuilder();
          for (int first = 0; first < count; first += perBatch) {
            StringBuilder lines = new StringBuilder();
            for (int i = first; i < Math.min(count, first + perBatch); i++) {
              // Non-ASCII on purpose: the receiver must pass the bytes through as UTF-8.
              lines
                  .append("{\"id\":")
                  .append(i)
                  .append(",\"name\":\"Sīti ")
                  .append(entity)
                  .append(' ')
                  .append(i)
                  .append("\"}\n");
            }
            ByteString jsonl = ByteString.copyFrom(lines.toString(), StandardCharsets.UTF_8);
            chunks.add(batch(entity, jsonl, Math.min(count, first + perBatch) - first));
            all.append(lines);
          }
          jsonlByEntity.put(entity, all.toString());
          summary.addTotals(
              EntityTotal.newBuilder()
                  .setEntity(entity)
                  .setRecords(count)
                  .setBytes(all.toString().getBytes(StandardCharsets.UTF_8).length));
        });
    for (ExportChunk c : chunks) {
      chained = sha256(chained, c.getRecords().getSha256().toByteArray());
    }
    summary.setStreamSha256(ByteString.copyFrom(chained));
    chunks.add(ExportChunk.newBuilder().setSequence(chunks.size() + 1).setSummary(summary).build());
  }

  /** contacts (23 records), invoices (10) and an entity with no rows, four records a batch. */
  public static FakeExportService standard() {
    Map<String, Integer> entities = new LinkedHashMap<>();
    entities.put("contacts", 23);
    entities.put("invoices", 10);
    entities.put("api_usage", 0);
    return new FakeExportService(entities, 4);
  }

  /** Fails the next call that reaches this point, once, after sending chunk {@code sequence}. */
  public FakeExportService failAfter(long sequence, StatusRuntimeException error) {
    breaks.add(new Break(sequence, error));
    return this;
  }

  /** Sends each chunk as {@code tamper} rewrites it (none, one, or several chunks). */
  public FakeExportService tamper(Function<ExportChunk, List<ExportChunk>> tamper) {
    this.tamper = tamper;
    return this;
  }

  /** After chunk {@code sequence}, sends nothing more and waits to be cancelled. */
  public FakeExportService stallAfter(long sequence) {
    this.stallAfter = sequence;
    return this;
  }

  /** The unbroken export, summary last. */
  public List<ExportChunk> chunks() {
    return List.copyOf(chunks);
  }

  /** Every record of an entity, as an unbroken export carries them. */
  public String jsonl(String entity) {
    return jsonlByEntity.get(entity);
  }

  public Map<String, String> jsonlByEntity() {
    return Map.copyOf(jsonlByEntity);
  }

  /** Every request received, one per call. */
  public List<StreamExportRequest> requests() {
    return List.copyOf(requests);
  }

  public boolean awaitCancelled(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void streamExport(StreamExportRequest request, StreamObserver<ExportChunk> observer) {
    requests.add(request);
    ServerCallStreamObserver<ExportChunk> call = (ServerCallStreamObserver<ExportChunk>) observer;
    call.setOnCancelHandler(cancelled::countDown);
    String token = request.getResumeToken();
    long after = token.isEmpty() ? 0 : Long.parseLong(token.substring("after:".length()));
    call.setOnReadyHandler(new Sender(call, after));
  }

  /** Sends from where the call starts while the client is ready, as the real server must. */
  private final class Sender implements Runnable {
    private final ServerCallStreamObserver<ExportChunk> call;
    private long sent;
    private boolean first = true;
    private boolean done;

    Sender(ServerCallStreamObserver<ExportChunk> call, long after) {
      this.call = call;
      this.sent = after;
    }

    @Override
    public synchronized void run() {
      while (!done && call.isReady()) {
        Break next = breaks.peek();
        if (next != null && next.afterSequence() == sent && breaks.remove(next)) {
          done = true;
          call.onError(next.error());
          return;
        }
        if (sent == stallAfter || call.isCancelled()) {
          done = true;
          return;
        }
        ExportChunk chunk = chunks.get((int) sent);
        if (first) {
          chunk =
              chunk.toBuilder()
                  .setSnapshot(
                      SnapshotInfo.newBuilder().setTakenTime(TAKEN).setSameSnapshot(sent > 0))
                  .build();
          first = false;
        }
        tamper.apply(chunk).forEach(call::onNext);
        if (++sent == chunks.size()) {
          done = true;
          call.onCompleted();
        }
      }
    }
  }

  private ExportChunk batch(String entity, ByteString jsonl, int count) {
    long sequence = chunks.size() + 1;
    return ExportChunk.newBuilder()
        .setSequence(sequence)
        .setRecords(
            RecordBatch.newBuilder()
                .setEntity(entity)
                .setJsonl(jsonl)
                .setRecordCount(count)
                .setSha256(ByteString.copyFrom(sha256(jsonl.toByteArray()))))
        .setResumeToken("after:" + sequence)
        .build();
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
