package dev.jaga.client.export;

import static dev.jaga.client.export.Statuses.jaga;
import static dev.jaga.client.export.Statuses.plain;
import static dev.jaga.client.export.Statuses.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The export iterator's resumption, retry decisions and cancellation, against a fake server. */
@Timeout(20) // a missing check must fail its test, not leave it waiting on a stalled server
final class ExportStreamTest {
  static final StreamExportRequest REQUEST =
      StreamExportRequest.newBuilder()
          .setTenantId("acme-id")
          .setScope(Scope.newBuilder().addEntities("contacts").addEntities("invoices"))
          .setPreferredChunkBytes(4096)
          .build();

  private final FakeExportService service = FakeExportService.standard();
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> retries = new ArrayList<>();
  private FakeExportServer server;
  private JagaClient client;

  @BeforeEach
  void start() {
    server = FakeExportServer.inProcess(service);
    client = server.client();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.close();
  }

  private ExportStream open(RetryPolicy policy) {
    ExportStream.RetryListener listener =
        (attempt, delay, cause) -> retries.add(attempt + " " + cause.getStatus().getCode());
    return new ExportStream(
        new ResumingCall(client.exports(), REQUEST, policy, listener, waits::add, () -> 0.5));
  }

  /** Every record received, per entity, in the order received. */
  static Map<String, String> records(ExportStream stream) {
    Map<String, StringBuilder> out = new LinkedHashMap<>();
    stream.forEachRemaining(
        b ->
            out.computeIfAbsent(b.getEntity(), e -> new StringBuilder())
                .append(b.getJsonl().toStringUtf8()));
    Map<String, String> records = new LinkedHashMap<>();
    out.forEach((entity, jsonl) -> records.put(entity, jsonl.toString()));
    return records;
  }

  private Map<String, String> unbroken() {
    return Map.of("contacts", service.jsonl("contacts"), "invoices", service.jsonl("invoices"));
  }

  @Test
  void next_unbrokenStream_deliversEveryRecordAndTheVerifiedSummary() {
    try (ExportStream stream = open(RetryPolicy.defaults())) {
      assertThat(records(stream)).isEqualTo(unbroken());
      assertThat(stream.isComplete()).isTrue();
      assertThat(stream.summary()).contains(service.chunks().get(9).getSummary());
      assertThat(stream.progress().batches()).isEqualTo(9);
      assertThat(stream.progress().records()).isEqualTo(33);
      assertThat(stream.snapshots()).hasSize(1);
    }
    assertThat(server.authorizations()).containsExactly("Bearer " + FakeExportServer.TOKEN);
  }

  @Test
  void hasNext_streamBrokenTwice_resumesFromTheLastTokenWithExactlyTheUnbrokenRecords() {
    service
        .failAfter(3, plain(Code.UNAVAILABLE))
        .failAfter(7, jaga(Code.UNAVAILABLE, "AUDIT_UNAVAILABLE"));

    try (ExportStream stream = open(RetryPolicy.defaults())) {
      assertThat(records(stream)).isEqualTo(unbroken());
      assertThat(stream.isComplete()).isTrue();
      assertThat(stream.progress().resumptions()).isEqualTo(2);
      assertThat(stream.snapshots()).hasSize(3);
    }
    assertThat(service.requests())
        .extracting(StreamExportRequest::getResumeToken)
        .containsExactly("", "after:3", "after:7");
    assertThat(service.requests())
        .allSatisfy(r -> assertThat(r.toBuilder().clearResumeToken().build()).isEqualTo(REQUEST));
    assertThat(retries).containsExactly("2 UNAVAILABLE", "2 UNAVAILABLE");
  }

  static Stream<StatusRuntimeException> transientFailures() {
    return Stream.of(
        plain(Code.UNAVAILABLE),
        plain(Code.DEADLINE_EXCEEDED),
        throttled(Duration.ofMillis(10)),
        jaga(Code.INTERNAL, "INTERNAL_ERROR"));
  }

  @ParameterizedTest
  @MethodSource("transientFailures")
  void hasNext_transientFailure_resumesAndCompletes(StatusRuntimeException failure) {
    service.failAfter(5, failure);

    try (ExportStream stream = open(RetryPolicy.defaults())) {
      assertThat(records(stream)).isEqualTo(unbroken());
    }
    assertThat(service.requests()).hasSize(2);
  }

  static Stream<StatusRuntimeException> finalFailures() {
    return Stream.of(
        jaga(Code.UNAUTHENTICATED, "REAUTH_REQUIRED"),
        jaga(Code.PERMISSION_DENIED, "PERMISSION_DENIED"),
        jaga(Code.NOT_FOUND, "NOT_FOUND"),
        jaga(Code.INVALID_ARGUMENT, "INVALID_FIELD"),
        jaga(Code.FAILED_PRECONDITION, "WRONG_REGION"),
        plain(Code.RESOURCE_EXHAUSTED),
        plain(Code.INTERNAL),
        plain(Code.UNKNOWN));
  }

  @ParameterizedTest
  @MethodSource("finalFailures")
  void hasNext_failureNotTransient_isThrownWithoutRetry(StatusRuntimeException failure) {
    service.failAfter(2, failure);

    try (ExportStream stream = open(RetryPolicy.defaults())) {
      stream.next();
      stream.next();
      assertThatThrownBy(stream::hasNext)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(failure.getStatus().getCode()));
      assertThat(stream.isComplete()).isFalse();
    }
    assertThat(service.requests()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void hasNext_throttledWithRetryInfo_waitsAtLeastTheDelayAsked() {
    service.failAfter(0, throttled(Duration.ofSeconds(7)));

    try (ExportStream stream =
        open(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)))) {
      assertThat(records(stream)).isEqualTo(unbroken());
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void hasNext_failuresInARowUpToMaxAttempts_backsOffExponentiallyThenThrowsTheLast() {
    for (int i = 0; i < 4; i++) {
      service.failAfter(2, plain(Code.UNAVAILABLE));
    }

    try (ExportStream stream =
        open(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250)))) {
      assertThatThrownBy(() -> records(stream))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Code.UNAVAILABLE));
    }
    assertThat(service.requests()).hasSize(4);
    // Three quarters of 100, 200 and then 400 capped at 250 ms, with the jitter fixed at 0.5.
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofNanos(187_500_000));
  }

  @Test
  void hasNext_progressBetweenFailures_replenishesTheAttempts() {
    for (int after = 1; after <= 4; after++) {
      service.failAfter(after, plain(Code.UNAVAILABLE));
    }

    try (ExportStream stream =
        open(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))) {
      assertThat(records(stream)).isEqualTo(unbroken());
      assertThat(stream.progress().resumptions()).isEqualTo(4);
    }
  }

  @Test
  void close_beforeTheEnd_cancelsTheServerCall() throws InterruptedException {
    service.stallAfter(2);
    ExportStream stream = open(RetryPolicy.defaults());
    stream.next();
    stream.next();

    stream.close();

    assertThat(service.awaitCancelled(Duration.ofSeconds(5))).isTrue();
    assertThatThrownBy(stream::hasNext).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_requestWithAResumeToken_isRefused() {
    StreamExportRequest resumed = REQUEST.toBuilder().setResumeToken("after:3").build();

    assertThatThrownBy(() -> ExportStream.open(client, resumed, RetryPolicy.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(service.requests()).isEmpty();
  }
}
