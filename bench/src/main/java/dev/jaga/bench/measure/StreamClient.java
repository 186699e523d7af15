package dev.jaga.bench.measure;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.api.v1.StreamSummary;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Receives {@code ExportService.StreamExport} over a real Netty channel, either as fast as it
 * arrives or as a slow reader that asks for one chunk at a time and dawdles over each.
 */
// It only counts: checksum verification is the client library's job and would bill the server for
// client CPU on a shared 2-core machine.
public final class StreamClient {
  /** What a stream delivered: records and JSON-lines bytes, chunks, and bytes on the wire. */
  public record Received(Throughput throughput, long chunks, long wireBytes, boolean complete) {}

  private final Channel channel;
  private final Supplier<String> token;
  private final StreamExportRequest request;

  public StreamClient(Channel channel, Supplier<String> token, String tenantId, List<String> entities) {
    this.channel = channel;
    this.token = token;
    this.request =
        StreamExportRequest.newBuilder()
            .setTenantId(tenantId)
            .setScope(Scope.newBuilder().addAllEntities(entities))
            .build();
  }

  /** The whole export, each chunk taken as soon as gRPC delivers it. */
  public Received fast() throws InterruptedException {
    return call(new Counter(Duration.ZERO, Duration.ofDays(1)));
  }

  /**
   * Asks for one chunk at a time and sleeps {@code perChunk} over each; cancels {@code limit}
   * after the first chunk (unless the export ended first).
   */
  public Received slow(Duration perChunk, Duration limit) throws InterruptedException {
    return call(new Counter(perChunk, limit));
  }

  private Received call(Counter counter) throws InterruptedException {
    ExportServiceGrpc.newStub(channel)
        .withCallCredentials(Bearer.of(token.get()))
        .streamExport(request, counter);
    try {
      return counter.result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("stream export failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Counts what arrives; with a pause per chunk it also paces the stream by hand. */
  private static final class Counter implements ClientResponseObserver<StreamExportRequest, ExportChunk> {
    private final CompletableFuture<Received> result = new CompletableFuture<>();
    private final long pauseMillis;
    private final long limitNanos;
    private final long started = System.nanoTime();
    private long deadline = Long.MAX_VALUE;
    private ClientCallStreamObserver<StreamExportRequest> call;
    private long records;
    private long bytes;
    private long chunks;
    private long wire;
    private long first;
    private boolean cancelled;

    Counter(Duration pause, Duration limit) {
      this.pauseMillis = pause.toMillis();
      this.limitNanos = limit.toNanos();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamExportRequest> call) {
      this.call = call;
      if (pauseMillis > 0) {
        call.disableAutoRequestWithInitial(1);
      }
    }

    @Override
    public void onNext(ExportChunk chunk) {
      chunks++;
      wire += chunk.getSerializedSize();
      if (chunk.hasRecords()) {
        if (records == 0) {
          first = System.nanoTime() - started;
          deadline = started + first + limitNanos;
        }
        records += chunk.getRecords().getRecordCount();
        bytes += chunk.getRecords().getJsonl().size();
      } else if (chunk.hasSummary()) {
        checkTotals(chunk.getSummary());
      }
      if (pauseMillis == 0) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        cancelled = true;
        call.cancel("bench: the slow reader has seen enough", null);
        return;
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      call.request(1);
    }

    @Override
    public void onError(Throwable t) {
      if (cancelled && Status.fromThrowable(t).getCode() == Status.Code.CANCELLED) {
        result.complete(received(false));
      } else {
        result.completeExceptionally(t);
      }
    }

    @Override
    public void onCompleted() {
      result.complete(received(true));
    }

    private Received received(boolean complete) {
      return new Received(
          new Throughput(records, bytes, System.nanoTime() - started, first), chunks, wire, complete);
    }

    /** The server's own totals must agree with what was counted, or the figures mean nothing. */
    private void checkTotals(StreamSummary summary) {
      long sentRecords = summary.getTotalsList().stream().mapToLong(t -> t.getRecords()).sum();
      long sentBytes = summary.getTotalsList().stream().mapToLong(t -> t.getBytes()).sum();
      if (sentRecords != records || sentBytes != bytes) {
        result.completeExceptionally(new IllegalStateException(
            "summary says " + sentRecords + " records / " + sentBytes + " bytes, received "
                + records + " / " + bytes));
      }
    }
  }
}
