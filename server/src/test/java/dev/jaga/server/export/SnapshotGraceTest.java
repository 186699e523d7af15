package dev.jaga.server.export;

import static dev.jaga.server.export.ExportTestCalls.TENANT;
import static dev.jaga.server.export.ExportTestCalls.readAll;
import static dev.jaga.server.export.ExportTestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stream whose connection broke keeps its snapshot for the grace period: the client that comes
 * back with its token continues on the very same snapshot, and the held snapshot goes as soon as it
 * is taken over. (An explicit cancel releases everything at once: see StreamExportEndToEndTest.)
 */
class SnapshotGraceTest {
  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final String token = TestClusters.sharedIssuer().token("budi@acme.test", TENANT, "owner");

  @Test
  void brokenConnection_resumedWithinTheGrace_continuesOnTheSameSnapshot() throws Exception {
    // The whole tenant, through a small HTTP/2 window: the server is still sending when the
    // connection breaks (with the default 1 MiB window it could have sent everything already).
    StreamExportRequest request = request(Scope.getDefaultInstance(), "");
    ManagedChannel direct = TestClusters.channel(jakarta.region());
    try (BreakableProxy proxy = new BreakableProxy(jakarta.region().grpc().endpoint())) {
      List<ExportChunk> unbroken = readAll(direct, token, request);

      ManagedChannel viaProxy =
          NettyChannelBuilder.forTarget(proxy.endpoint()).usePlaintext().flowControlWindow(16 * 1024).build();
      List<ExportChunk> first = new ArrayList<>();
      Iterator<ExportChunk> it = ExportTestCalls.blocking(viaProxy, token).streamExport(request);
      for (int i = 0; i < 3; i++) {
        first.add(it.next());
      }
      proxy.breakConnections();
      try {
        it.forEachRemaining(c -> { });
      } catch (StatusRuntimeException expected) {
        // The connection is gone.
      }
      viaProxy.shutdownNow();
      // The server has seen the break once only the snapshot's holder is left in a transaction.
      awaitSessionsInTransaction(1);

      String resumeToken = first.get(first.size() - 1).getResumeToken();
      List<ExportChunk> rest = readAll(direct, token, request.toBuilder().setResumeToken(resumeToken).build());

      assertThat(rest.get(0).getSnapshot().getSameSnapshot()).as("same snapshot within the grace").isTrue();
      assertThat(rest.get(0).getSnapshot().getNewSnapshotAfterResume()).isFalse();
      assertThat(rest.get(0).getSnapshot().getTakenTime()).isEqualTo(first.get(0).getSnapshot().getTakenTime());
      List<ExportChunk> resumed = new ArrayList<>(first);
      resumed.addAll(rest);
      assertThat(lines(resumed)).isEqualTo(lines(unbroken));
      assertThat(resumed.get(resumed.size() - 1).getSummary()).isEqualTo(unbroken.get(unbroken.size() - 1).getSummary());
      // Taken over, the held snapshot was released: nothing stays open after the stream.
      awaitSessionsInTransaction(0);
    } finally {
      direct.shutdownNow();
    }
  }

  private void awaitSessionsInTransaction(long expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long open;
    do {
      open = sessionsInTransaction();
      if (open == expected) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertThat(open).as("jaga_runtime sessions inside a transaction").isEqualTo(expected);
  }

  private long sessionsInTransaction() throws Exception {
    try (Connection c = jakarta.database().ownerDataSource().orElseThrow().getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "select count(*) from pg_stat_activity where usename = 'jaga_runtime'"
                + " and (state like 'idle in transaction%' or (state = 'active' and query ilike 'copy%'))")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> lines(List<ExportChunk> chunks) {
    return chunks.stream().filter(ExportChunk::hasRecords)
        .flatMap(c -> List.of(c.getRecords().getJsonl().toStringUtf8().split("\n")).stream()).toList();
  }
}
