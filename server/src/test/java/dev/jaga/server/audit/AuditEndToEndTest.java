package dev.jaga.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.api.v1.VerifyAuditChainRequest;
import dev.jaga.api.v1.VerifyAuditChainResponse;
import dev.jaga.client.ErrorDetails;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.NodeOptions;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.grpc.InProcessTransport;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The perimeter's audit, end to end through a real node: fail-closed, and denials recorded. */
class AuditEndToEndTest {
  private static Path dataRoot;
  private static Node node;
  private static InProcessTransport transport;
  private static TestIssuer issuer;

  @BeforeAll
  static void start() {
    dataRoot = TestClusters.newDataRoot();
    RegionConfig config = TestClusters.isolatedConfig(dataRoot);
    transport = new InProcessTransport(UUID.randomUUID().toString());
    issuer = TestClusters.issuer(dataRoot);
    node = Node.start(config, config.regions().require("id-jkt"), NodeOptions.demo(TestClusters.DEMO_ROWS),
        transport, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    node.close();
    TestClusters.deleteRecursively(dataRoot);
  }

  @Test
  void auditWritesImpossible_callFailsAndNothingIsServed_thenRecovers() throws Exception {
    String owner = issuer.token("budi@acme.test", "acme-id", "owner");
    assertThat(getTenant(owner).getTenantId()).isEqualTo("acme-id");

    owner("revoke insert on jaga.audit_events from jaga_runtime");
    try {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> getTenant(owner));
      assertThat(e).as("the tenant was served unaudited").isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("AUDIT_UNAVAILABLE");
      assertThat(e.getMessage()).doesNotContain("PT Acme Indonesia");
    } finally {
      owner("grant insert on jaga.audit_events to jaga_runtime");
    }
    assertThat(getTenant(owner).getTenantId()).isEqualTo("acme-id");
  }

  @Test
  void auditWritesImpossible_streamSendsNothingAndReleasesItsTransaction() throws Exception {
    String owner = issuer.token("budi@acme.test", "acme-id", "owner");
    owner("revoke insert on jaga.audit_events from jaga_runtime");
    java.util.List<dev.jaga.api.v1.ExportChunk> received = new java.util.ArrayList<>();
    try {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
          withToken(dev.jaga.api.v1.ExportServiceGrpc.newBlockingStub(channel()), owner)
              .streamExport(dev.jaga.api.v1.StreamExportRequest.newBuilder().setTenantId("acme-id")
                  .setScope(dev.jaga.api.v1.Scope.newBuilder().addEntities("comments")).build())
              .forEachRemaining(received::add));
      assertThat(e).as("the stream was served unaudited").isNotNull();
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("AUDIT_UNAVAILABLE");
      assertThat(received).isEmpty();
    } finally {
      owner("grant insert on jaga.audit_events to jaga_runtime");
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    long open;
    do {
      open = count("select count(*) from pg_stat_activity where usename = 'jaga_runtime'"
          + " and state like 'idle in transaction%' and ? is null", null);
    } while (open > 0 && System.nanoTime() < deadline);
    assertThat(open).as("transactions left open by the refused stream").isZero();
  }

  @Test
  void callFailingInItsService_isAuditedWithItsStatus() throws Exception {
    String actor = "mira-" + UUID.randomUUID() + "@acme.test";
    String owner = issuer.token(actor, "acme-id", "owner");
    catchThrowableOfType(StatusRuntimeException.class, () ->
        withToken(dev.jaga.api.v1.ExportServiceGrpc.newBlockingStub(channel()), owner)
            .streamExport(dev.jaga.api.v1.StreamExportRequest.newBuilder().setTenantId("acme-id")
                .setScope(dev.jaga.api.v1.Scope.newBuilder().addEntities("no_such_entity")).build())
            .forEachRemaining(c -> { }));

    assertThat(count("select count(*) from jaga.audit_events where actor = ? and status = 'INVALID_ARGUMENT'"
        + " and reason = 'INVALID_FIELD' and method = 'jaga.v1.ExportService/StreamExport'", "person:" + actor))
        .isEqualTo(1);
  }

  @Test
  void deniedCalls_areAuditedWithTheirDecision() throws Exception {
    String requestTag = UUID.randomUUID().toString();
    String stranger = issuer.token("intruder-" + requestTag + "@elsewhere.test", "merlion-sg", "owner");
    catchThrowableOfType(StatusRuntimeException.class, () -> getTenant(stranger));
    catchThrowableOfType(StatusRuntimeException.class, () -> call("Bearer forged." + requestTag, "acme-id"));

    assertThat(count("select count(*) from jaga.audit_events where actor = ? and decision = 'DENIED'"
            + " and tenant_id = 'acme-id' and status = 'NOT_FOUND'",
        "person:intruder-" + requestTag + "@elsewhere.test")).isEqualTo(1);
    assertThat(count("select count(*) from jaga.audit_events where actor = ? and decision = 'DENIED'"
            + " and status = 'UNAUTHENTICATED' and method = 'jaga.v1.TenantService/GetTenant'",
        "unauthenticated")).isPositive();
    assertThat(count("select count(*) from jaga.audit_events where scope || request_id || actor like ?",
        "%forged%")).as("a token reached the audit log").isZero();
  }

  @Test
  void allowedCall_isAuditedAndTheChainVerifiesOverGrpc() throws Exception {
    String owner = issuer.token("budi@acme.test", "acme-id", "owner");
    getTenant(owner);

    assertThat(count("select count(*) from jaga.audit_events where actor = 'person:budi@acme.test'"
        + " and decision = 'ALLOWED' and status = 'OK' and tenant_id = 'acme-id'", null)).isPositive();
    VerifyAuditChainResponse verified = withToken(AuditServiceGrpc.newBlockingStub(channel()), owner)
        .verifyAuditChain(VerifyAuditChainRequest.newBuilder().setTenantId("acme-id").build());
    assertThat(verified.getIntact()).isTrue();
    assertThat(verified.getEventsChecked()).isPositive();
  }

  private static dev.jaga.api.v1.Tenant getTenant(String token) {
    return call("Bearer " + token, "acme-id");
  }

  private static dev.jaga.api.v1.Tenant call(String authorization, String tenant) {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, authorization);
    return TenantServiceGrpc.newBlockingStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .getTenant(GetTenantRequest.newBuilder().setTenantId(tenant).build());
  }

  private static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static ManagedChannel channel;

  private static synchronized ManagedChannel channel() {
    if (channel == null) {
      channel = transport.channelBuilder(node.region().grpc().endpoint()).build();
    }
    return channel;
  }

  private static DataSource ownerDs() {
    return node.database().ownerDataSource().orElseThrow();
  }

  private static void owner(String sql) throws Exception {
    try (Connection c = ownerDs().getConnection()) {
      c.createStatement().execute(sql);
    }
  }

  private static long count(String sql, String parameter) throws Exception {
    try (Connection c = ownerDs().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (sql.contains("?")) {
        s.setString(1, parameter);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
