package dev.jaga.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportStream;
import dev.jaga.client.export.RetryPolicy;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import org.junit.jupiter.api.Test;

/** The client library against the real server: every check of the stream passes end to end. */
class ClientExportStreamTest {
  @Test
  void exportStream_againstTheRealServer_verifiesCompletely() {
    TestIssuer issuer = TestClusters.sharedIssuer();
    StreamExportRequest request =
        StreamExportRequest.newBuilder()
            .setTenantId("acme-id")
            .setScope(Scope.newBuilder().addEntities("contacts").addEntities("comments"))
            .setPreferredChunkBytes(16 * 1024)
            .build();
    long records = 0;
    try (JagaClient client =
            issuer.client(TestClusters.shared().node("id-jkt").region(), issuer.token("budi@acme.test", "acme-id", "owner"));
        ExportStream stream = ExportStream.open(client, request, RetryPolicy.none())) {
      while (stream.hasNext()) {
        RecordBatch batch = stream.next();
        records += batch.getRecordCount();
      }
      assertThat(stream.isComplete()).isTrue();
      assertThat(stream.summary()).isPresent();
      assertThat(stream.summary().get().getTotalsList().stream().mapToLong(t -> t.getRecords()).sum())
          .isEqualTo(records)
          .isPositive();
    }
  }
}
