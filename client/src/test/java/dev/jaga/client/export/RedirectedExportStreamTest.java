package dev.jaga.client.export;

import static dev.jaga.client.export.Statuses.plain;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import io.grpc.Server;
import io.grpc.Status.Code;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client entering through a region that does not serve the tenant: it follows WRONG_REGION to
 * the home region's endpoint, and a resumption after a broken stream goes straight there too.
 */
@Timeout(20)
final class RedirectedExportStreamTest {
  @Test
  void exportStream_enteringTheWrongRegion_followsTheRedirectAndResumesAtHome() throws Exception {
    FakeExportService home = FakeExportService.standard().failAfter(3, plain(Code.UNAVAILABLE));
    List<StreamExportRequest> atEntry = new CopyOnWriteArrayList<>();
    try (FakeExportServer homeServer = FakeExportServer.inProcess(home)) {
      String homeName = homeServer.inProcessName();
      String entryName = InProcessServerBuilder.generateName();
      Server entry = InProcessServerBuilder.forName(entryName)
          .addService(new RedirectingService("acme-id", homeName, atEntry)).build().start();
      List<Duration> waits = new ArrayList<>();
      try (JagaClient client = JagaClient.over(
          InProcessChannelBuilder.forName(entryName).build(),
          endpoint -> InProcessChannelBuilder.forName(endpoint).build(),
          Optional.of(FakeExportServer.TOKEN))) {
        ExportStream stream = new ExportStream(new ResumingCall(
            client.exports(), ExportStreamTest.REQUEST, RetryPolicy.defaults(), (a, d, c) -> {}, waits::add, () -> 0.5));
        Map<String, String> records = ExportStreamTest.records(stream);
        assertThat(stream.isComplete()).isTrue();
        assertThat(records).isEqualTo(Map.of("contacts", home.jsonl("contacts"), "invoices", home.jsonl("invoices")));
        assertThat(client.placements().of("acme-id")).hasValueSatisfying(p -> assertThat(p.endpoint()).isEqualTo(homeName));
      } finally {
        entry.shutdownNow();
      }
    }
    assertThat(atEntry).hasSize(1);
    assertThat(home.requests()).extracting(StreamExportRequest::getResumeToken).containsExactly("", "after:3");
  }

  /** A node that does not host the tenant: WRONG_REGION, naming the home endpoint. */
  private static final class RedirectingService extends ExportServiceGrpc.ExportServiceImplBase {
    private final String tenant;
    private final String endpoint;
    private final List<StreamExportRequest> requests;

    RedirectingService(String tenant, String endpoint, List<StreamExportRequest> requests) {
      this.tenant = tenant;
      this.endpoint = endpoint;
      this.requests = requests;
    }

    @Override
    public void streamExport(StreamExportRequest request, StreamObserver<ExportChunk> response) {
      requests.add(request);
      ErrorInfo info = ErrorInfo.newBuilder().setDomain("jaga.dev").setReason("WRONG_REGION")
          .putMetadata("tenant_id", tenant).putMetadata("home_region", "id-jkt").putMetadata("endpoint", endpoint)
          .build();
      response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Code.FAILED_PRECONDITION.value())
          .setMessage("tenant " + tenant + " is served by region id-jkt")
          .addDetails(Any.pack(info))
          .build()));
    }
  }
}
