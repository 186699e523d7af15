package dev.jaga.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.ListAuditEventsRequest;
import dev.jaga.api.v1.VerifyAuditChainRequest;
import dev.jaga.api.v1.VerifyAuditChainResponse;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.grpc.ErrorMappingInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditGrpcServiceTest {
  private static AuditDatabase database;

  @TempDir Path keys;
  private AuditLog log;
  private Server server;
  private ManagedChannel channel;
  private AuditServiceGrpc.AuditServiceBlockingStub audit;

  @BeforeAll
  static void startDatabase() {
    database = AuditDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    database.close();
  }

  @BeforeEach
  void start() throws Exception {
    database.reset();
    AuditKey key = TestEvents.newKey(keys);
    log = new AuditLog(database.runtime(), Clock.systemUTC(), key, TestEvents.REGION, 10_000, 500,
        AuditLog.DEFAULT_LINGER);
    AuditGrpcService service =
        new AuditGrpcService(
            new AuditRepository(database.runtime()),
            new AuditVerifier(database.runtime(), key, TestEvents.REGION));
    String name = UUID.randomUUID().toString();
    server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(service, new ErrorMappingInterceptor()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    audit = AuditServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    log.close();
  }

  @Test
  void listAuditEvents_everyFieldWrong_namesEveryField() {
    ListAuditEventsRequest request =
        ListAuditEventsRequest.newBuilder()
            .setTenantId("Not_A_Slug")
            .setFromTime(Timestamp.newBuilder().setSeconds(2_000))
            .setUntilTime(Timestamp.newBuilder().setSeconds(1_000))
            .setDecisionValue(9)
            .setLimit(AuditGrpcService.MAX_LIMIT + 1)
            .build();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> audit.listAuditEvents(request).hasNext());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(e).violations())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("tenant_id", "until_time", "decision", "limit");
  }

  @Test
  void listAuditEvents_manyPagesOfEvents_streamsTheTenantsOwnInOrderUpToTheLimit() {
    int count = EventStream.PAGE * 2 + 50;
    List<CompletableFuture<Long>> appended = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      appended.add(log.append(TestEvents.event("acme-id", "acme-" + i)));
      appended.add(log.append(TestEvents.event("sinar-id", "sinar-" + i)));
    }
    appended.forEach(CompletableFuture::join);

    List<dev.jaga.api.v1.AuditEvent> all = list(ListAuditEventsRequest.newBuilder()
        .setTenantId("acme-id").build());
    List<dev.jaga.api.v1.AuditEvent> first = list(ListAuditEventsRequest.newBuilder()
        .setTenantId("acme-id").setLimit(EventStream.PAGE + 1).build());

    assertThat(all).hasSize(count);
    assertThat(all).extracting(dev.jaga.api.v1.AuditEvent::getTenantId).containsOnly("acme-id");
    assertThat(all).extracting(dev.jaga.api.v1.AuditEvent::getRequestId)
        .startsWith("acme-0", "acme-1", "acme-2");
    assertThat(all).extracting(dev.jaga.api.v1.AuditEvent::getSequence).isSorted();
    assertThat(all.get(0).getHash().size()).isEqualTo(32);
    assertThat(first).hasSize(EventStream.PAGE + 1).isEqualTo(all.subList(0, EventStream.PAGE + 1));
  }

  @Test
  void verifyAuditChain_tamperedChain_reportsTheFirstBadEvent() throws Exception {
    for (int i = 1; i <= 5; i++) {
      log.append(TestEvents.event("acme-id", "req-" + i)).join();
    }
    VerifyAuditChainRequest request = VerifyAuditChainRequest.newBuilder()
        .setTenantId("acme-id").build();
    assertThat(audit.verifyAuditChain(request).getIntact()).isTrue();

    new Tamperer(database).sql("update jaga.audit_events set peer = '10.0.0.1' where sequence = 3");
    VerifyAuditChainResponse response = audit.verifyAuditChain(request);

    assertThat(response.getIntact()).isFalse();
    assertThat(response.getFirstBadSequence()).isEqualTo(3);
    assertThat(response.getEventsChecked()).isEqualTo(2);
    assertThat(response.getSignedHeadSequence()).isEqualTo(2);
    assertThat(response.getProblem()).isEqualTo("actor or peer of event 3 does not match its commitment");
  }

  @Test
  void listAuditEvents_purgedTenantStripped_showsTheErasedMarkerAndTheChainVerifies() {
    database.owner().execute("insert into jaga.tenants (tenant_id, display_name, home_region, status)"
        + " values ('gone-id', 'Gone', 'id-jkt', 'PURGED') on conflict do nothing");
    log.append(TestEvents.event("gone-id", "req-1")).join();
    log.append(TestEvents.event("acme-id", "req-2")).join();
    log.append(TestEvents.event("gone-id", "req-3")).join();
    database.runtime().fetch("select * from jaga.strip_purged_tenant_audit('gone-id')");

    List<dev.jaga.api.v1.AuditEvent> gone = list(ListAuditEventsRequest.newBuilder()
        .setTenantId("gone-id").build());
    List<dev.jaga.api.v1.AuditEvent> acme = list(ListAuditEventsRequest.newBuilder()
        .setTenantId("acme-id").build());

    assertThat(gone).extracting(dev.jaga.api.v1.AuditEvent::getRequestId).containsExactly("req-1", "req-3");
    assertThat(gone).allSatisfy(e -> {
      assertThat(e.getActor()).isEqualTo(AuditEvent.ERASED);
      assertThat(e.getPeer()).isEqualTo(AuditEvent.ERASED);
    });
    assertThat(acme).singleElement().extracting(dev.jaga.api.v1.AuditEvent::getActor)
        .isEqualTo("budi@acme.co.id");
    assertThat(audit.verifyAuditChain(VerifyAuditChainRequest.newBuilder().setTenantId("gone-id").build())
        .getIntact()).isTrue();
  }

  @Test
  void verifyAuditChain_rangeBackwards_isInvalidArgument() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> audit.verifyAuditChain(VerifyAuditChainRequest.newBuilder()
                .setTenantId("acme-id").setFromSequence(9).setToSequence(3).build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(e).violations())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("to_sequence");
  }

  private List<dev.jaga.api.v1.AuditEvent> list(ListAuditEventsRequest request) {
    List<dev.jaga.api.v1.AuditEvent> events = new ArrayList<>();
    audit.listAuditEvents(request).forEachRemaining(events::add);
    return events;
  }
}
