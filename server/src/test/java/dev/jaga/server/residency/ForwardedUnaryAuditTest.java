package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.util.concurrent.ListenableFuture;
import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.Decision;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.ListExportsResponse;
import dev.jaga.api.v1.Routing;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A forwarded unary call leaves only once the home region's event of it is durable; the entry
 * region's own event of an OK call is a second witness, written behind the answer, and any other
 * ending is recorded at the entry before the answer leaves.
 */
class ForwardedUnaryAuditTest {
  private static final String LIST_EXPORTS = ExportServiceGrpc.getListExportsMethod().getFullMethodName();
  private static final String GET_EXPORT = ExportServiceGrpc.getGetExportMethod().getFullMethodName();

  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final Node singapore = TestClusters.shared().node("sg-sin");
  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final String user = "forward-audit-" + UUID.randomUUID() + "@jaga.test";
  private final String token = issuer.token(user, "sinar-id", "owner");
  private final ManagedChannel toSingapore = TestClusters.channel(singapore.region());

  @AfterEach
  void close() {
    toSingapore.shutdownNow();
  }

  @Test
  void listExports_forwarded_isAnsweredOnlyOnceTheHomeRegionsEventIsDurable() throws Exception {
    ListenableFuture<ListExportsResponse> answer;
    try (Connection lock = holdAuditTable(jakarta)) {
      answer = exports().listExports(ListExportsRequest.newBuilder().setTenantId("sinar-id").build());
      // Served at home, but its event there cannot be written: nothing may reach the caller (a
      // generous grace: loopback answers arrive in well under a millisecond).
      assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      lock.rollback();
    }
    assertThat(answer.get(30, TimeUnit.SECONDS).getExportsList()).isEmpty();

    assertThat(events(jakarta, LIST_EXPORTS)).singleElement().satisfies(e -> {
      assertThat(e.getStatus()).isEqualTo("OK");
      assertThat(e.getPeer()).startsWith("forwarded by region sg-sin for ");
    });
    awaitEvents(singapore, LIST_EXPORTS, 1);
    assertThat(events(singapore, LIST_EXPORTS)).singleElement().satisfies(e -> {
      assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_FORWARD);
      assertThat(e.getDecision()).isEqualTo(Decision.DECISION_ALLOWED);
      assertThat(e.getStatus()).isEqualTo("OK");
      assertThat(e.getReason()).isEmpty();
      assertThat(e.getScope()).isEqualTo("routed to id-jkt; classes=personal");
    });
  }

  @Test
  void listExports_forwarded_isNotHeldByTheEntryRegionsWitness() throws Exception {
    ListExportsResponse answer;
    try (Connection lock = holdAuditTable(singapore)) {
      answer = exports().listExports(ListExportsRequest.newBuilder().setTenantId("sinar-id").build())
          .get(30, TimeUnit.SECONDS);
      assertThat(countEvents(singapore, LIST_EXPORTS)).isZero();
      lock.rollback();
    }
    assertThat(answer.getExportsList()).isEmpty();
    // Written once the table is free again, behind the answer.
    awaitEvents(singapore, LIST_EXPORTS, 1);
  }

  @Test
  void getExport_forwardedAndRefusedAtHome_isRecordedAtTheEntryBeforeTheAnswerLeaves() throws Exception {
    String unknown = UUID.randomUUID().toString().replace("-", "");
    ExecutionException refused = catchThrowableOfType(ExecutionException.class, () -> exports()
        .getExport(GetExportRequest.newBuilder().setTenantId("sinar-id").setExportId(unknown).build())
        .get(30, TimeUnit.SECONDS));
    assertThat(refused.getCause()).isInstanceOf(StatusRuntimeException.class);
    Status.Code code = ((StatusRuntimeException) refused.getCause()).getStatus().getCode();
    assertThat(code).isEqualTo(Status.Code.NOT_FOUND);

    // Already there when the answer arrived, not written behind it.
    assertThat(countEvents(singapore, GET_EXPORT)).isOne();
    assertThat(events(singapore, GET_EXPORT)).singleElement().satisfies(e -> {
      assertThat(e.getStatus()).isEqualTo("NOT_FOUND");
      assertThat(e.getReason()).isEqualTo("NOT_FOUND");
      assertThat(e.getRouting()).isEqualTo(Routing.ROUTING_FORWARD);
    });
  }

  private ExportServiceGrpc.ExportServiceFutureStub exports() {
    Metadata bearer = new Metadata();
    bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return ExportServiceGrpc.newFutureStub(toSingapore).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
  }

  /** Locks the region's audit table against writes, as a slow disk would hold its commits. */
  private static Connection holdAuditTable(Node node) throws SQLException {
    Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
    c.setAutoCommit(false);
    c.createStatement().execute("lock table jaga.audit_events in exclusive mode");
    return c;
  }

  private void awaitEvents(Node node, String method, int count) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (countEvents(node, method) >= count) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(node.region().id() + " never recorded " + method);
  }

  /** Read as the owner, past row-level security and without a call that would itself be audited. */
  private int countEvents(Node node, String method) throws SQLException {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        var query = c.prepareStatement("select count(*) from jaga.audit_events where actor = ? and method = ?")) {
      query.setString(1, "person:" + user);
      query.setString(2, method);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private List<AuditEvent> events(Node node, String method) {
    return AuditTrail.of(issuer, token, node, "sinar-id", "person:" + user, method);
  }
}
