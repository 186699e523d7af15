package dev.jaga.server.export;

import static dev.jaga.server.export.ExportTestCalls.TENANT;
import static dev.jaga.server.export.ExportTestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.grpc.NettyTransport;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that reads slowly paces the server: a batch is read from the database only when the
 * transport can take it, so what runs ahead of the client is a few batches however large the export
 * (and the server's memory with it), not the export.
 */
class StreamExportFlowControlTest {
  /** Batches that may be ahead of the client: HTTP/2 window (32 KiB) + gRPC's ready threshold (32 KiB). */
  private static final long MAX_AHEAD = 8;
  /** Enough contacts for about 600 batches of 16 KiB. */
  private static final int ROWS = 20_000;

  private static Path dataRoot;
  private static Node node;
  private static TestIssuer issuer;

  @BeforeAll
  static void start() {
    dataRoot = TestClusters.newDataRoot();
    RegionConfig config = TestClusters.isolatedConfig(dataRoot);
    issuer = TestClusters.issuer(dataRoot);
    node = Node.start(config, config.regions().require("id-jkt"), NodeOptions.demo(ROWS), new NettyTransport(),
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    node.close();
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void slowClient_keepsTheServerAtMostAFewBatchesAhead_whateverTheExportSize() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forTarget(node.region().grpc().endpoint())
        .usePlaintext()
        .flowControlWindow(32 * 1024)
        .build();
    ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
    try {
      String token = issuer.token("budi@acme.test", TENANT, "owner");
      SlowReader small = read(channel, token, request(Scope.newBuilder().addEntities("teams").build(), ""), reader, 0);
      SlowReader large = read(channel, token, request(Scope.newBuilder().addEntities("contacts").build(), ""), reader, 150);

      assertThat(large.batches).as("the slow reader read this far into a ~600-batch export").isEqualTo(150);
      assertThat(large.maxAhead).as("batches sent beyond what the slow client had read").isLessThanOrEqualTo(MAX_AHEAD);
      assertThat(small.batches).isPositive();
      assertThat(small.maxAhead).isLessThanOrEqualTo(MAX_AHEAD);
    } finally {
      reader.shutdownNow();
      channel.shutdownNow();
    }
  }

  /** Reads one chunk at a time, asking for the next only a moment after each arrived. */
  /** Reads the whole export, or {@code stopAfter} batches and then cancels (0: the whole). */
  private static SlowReader read(
      ManagedChannel channel, String token, StreamExportRequest request, ScheduledExecutorService later,
      long stopAfter) throws Exception {
    SlowReader reader = new SlowReader(later, stopAfter);
    ExportTestCalls.async(channel, token).streamExport(request, reader);
    reader.done.get(2, TimeUnit.MINUTES);
    return reader;
  }

  private static final class SlowReader implements ClientResponseObserver<StreamExportRequest, ExportChunk> {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ScheduledExecutorService later;
    private final long stopAfter;
    private final long sentBefore = StreamExportCall.batchesSent();
    private ClientCallStreamObserver<StreamExportRequest> call;
    volatile long batches;
    volatile long maxAhead;

    SlowReader(ScheduledExecutorService later, long stopAfter) {
      this.later = later;
      this.stopAfter = stopAfter;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamExportRequest> call) {
      this.call = call;
      call.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(ExportChunk chunk) {
      if (chunk.hasRecords()) {
        batches++;
      }
      // Only this test streams while it runs, so the JVM-wide count is this call's.
      maxAhead = Math.max(maxAhead, StreamExportCall.batchesSent() - sentBefore - batches);
      if (batches == stopAfter) {
        call.cancel("read enough", null);
        done.complete(null);
        return;
      }
      // Gives a server that ignored flow control every chance to run ahead before the next request.
      later.schedule(() -> call.request(1), 10, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onError(Throwable t) {
      if (!done.isDone()) {
        done.completeExceptionally(t);
      }
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
