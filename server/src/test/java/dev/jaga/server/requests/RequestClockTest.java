package dev.jaga.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.erasure.ErasureNode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request clock with a fake clock: due dates by jurisdiction and the escalation at day 25. */
class RequestClockTest {
  private final ErasureNode node = ErasureNode.shared();
  private final DSLContext owner = node.ownerDsl();
  private final DSLContext runtime = node.runtime();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build()).build();
  private final List<AuditLog> logs = new ArrayList<>();
  private final Instant received = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(400));

  @AfterEach
  void close() {
    logs.forEach(AuditLog::close);
    telemetry.close();
  }

  @Test
  void sweep_openRequestOnDay25_escalatesOnceWithAnAuditEventAndAMetric() {
    UUID open = requests(received).received("acme-id", "id-jkt", SubjectRequests.Kind.ACCESS, "subject-a",
        "form-" + UUID.randomUUID());
    UUID done = requests(received).received("acme-id", "id-jkt", SubjectRequests.Kind.PORTABILITY, "subject-b",
        "form-" + UUID.randomUUID());
    new TenantScope(runtime).runInTenant("acme-id",
        tx -> requests(received).complete(tx, "acme-id", done, received.plus(Duration.ofDays(3))));
    Record row = owner.fetchOne("select due_at, escalated_at from jaga.subject_requests where id = ?", open);
    assertThat(row.get(0, java.time.OffsetDateTime.class).toInstant()).isEqualTo(received.plus(Duration.ofDays(30)));

    assertThat(clock(received.plus(Duration.ofDays(25)).minusSeconds(1)).sweep()).isZero();
    assertThat(escalations(open)).isZero();

    int escalated = clock(received.plus(Duration.ofDays(25))).sweep();
    int again = clock(received.plus(Duration.ofDays(26))).sweep();

    assertThat(escalated).isGreaterThanOrEqualTo(1);
    assertThat(again).isZero();
    assertThat(escalations(open)).isEqualTo(1L);
    assertThat(escalations(done)).isZero();
    assertThat(owner.fetchValue("select escalated_at is not null from jaga.subject_requests where id = ?", open))
        .isEqualTo(true);
    assertThat(counter()).isGreaterThanOrEqualTo(1L);
  }

  @Test
  void dueAt_followsTheHomeCountry() {
    SubjectRequests requests = requests(received);

    assertThat(requests.dueAt("id-jkt", received)).isEqualTo(received.plus(Duration.ofDays(
        node.config.erasure().dueDays("ID"))));
    assertThat(requests.dueAt("eu-fra", received)).isEqualTo(received.plus(Duration.ofDays(
        node.config.erasure().dueDays("DE"))));
  }

  @Test
  void streamExport_ofASubject_isRecordedAsAnAnsweredAccessRequest() {
    String subject = owner.fetchValue("select id::text from app.users where tenant_id = 'sinar-id' limit 1")
        .toString();
    long before = accessRequests("sinar-id");
    try (JagaClient client = node.client(node.owner("sinar-id"))) {
      var chunks = client.exports().streamExport(StreamExportRequest.newBuilder().setTenantId("sinar-id")
          .setScope(Scope.newBuilder().setSubjectId(subject)).build());
      chunks.forEachRemaining(c -> { });
    }
    assertThat(accessRequests("sinar-id")).isEqualTo(before + 1);
    assertThat(owner.fetchValue("select count(*) from jaga.subject_requests where subject_digest::text like ?",
        "%" + subject + "%")).isEqualTo(0L);
  }

  @Test
  void eraseSubject_ofARequestReceivedEarlier_keepsItsClockAndCompletesIt() {
    String subject = owner.fetchValue("select id::text from app.users where tenant_id = 'sinar-id'"
        + " and email ~ '[.][0-9]+@' order by email limit 1").toString();
    Instant tenDaysAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(10));
    UUID open = requests(tenDaysAgo).received("sinar-id", "id-jkt", SubjectRequests.Kind.ERASURE, subject,
        "form-" + UUID.randomUUID());

    ErasureReceipt receipt;
    try (JagaClient client = node.client(node.owner("sinar-id"))) {
      receipt = client.erasure().eraseSubject(EraseSubjectRequest.newBuilder().setTenantId("sinar-id")
          .setSubjectId(subject).setReason("Art. 17 form").setRequestId(UUID.randomUUID().toString()).build());
    }

    assertThat(receipt.getReceivedTime().getSeconds()).isEqualTo(tenDaysAgo.getEpochSecond());
    assertThat(receipt.getDueTime().getSeconds()).isEqualTo(tenDaysAgo.plus(Duration.ofDays(30)).getEpochSecond());
    assertThat(owner.fetchValue("select completed_at is not null from jaga.subject_requests where id = ?", open))
        .isEqualTo(true);
    assertThat(clock(tenDaysAgo.plus(Duration.ofDays(26))).sweep()).isZero();
  }

  private long accessRequests(String tenant) {
    return ((Number) owner.fetchValue("select count(*) from jaga.subject_requests where tenant_id = ?"
        + " and kind = 'ACCESS' and completed_at is not null", tenant)).longValue();
  }

  private long escalations(UUID request) {
    return ((Number) owner.fetchValue("select count(*) from jaga.audit_events where method = ?"
        + " and request_id = ?", RequestClock.EVENT, request.toString())).longValue();
  }

  private long counter() {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals("jaga.subject_requests.escalated"))
        .map(MetricData::getLongSumData)
        .flatMap(sum -> sum.getPoints().stream())
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private SubjectRequests requests(Instant now) {
    return new SubjectRequests(node.config, new TenantScope(runtime), new SubjectDigests(node.region()),
        ErasureNode.at(now));
  }

  private RequestClock clock(Instant now) {
    Clock clock = ErasureNode.at(now);
    AuditLog audit = node.auditLog(clock);
    logs.add(audit);
    return new RequestClock(runtime, new TenantScope(runtime), audit, clock, node.region(), node.config, telemetry);
  }
}
