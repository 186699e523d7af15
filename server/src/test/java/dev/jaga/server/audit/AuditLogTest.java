package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;
import static dev.jaga.server.db.jooq.Tables.AUDIT_HEADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static AuditDatabase database;

  @TempDir Path keys;
  private AuditKey key;
  private AuditLog log;

  @BeforeAll
  static void startDatabase() {
    database = AuditDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    database.close();
  }

  @BeforeEach
  void start() {
    database.reset();
    key = TestEvents.newKey(keys);
    log = newLog(10_000, AuditLog.DEFAULT_MAX_BATCH);
  }

  @AfterEach
  void stop() {
    log.close();
    database.owner().execute("grant insert on jaga.audit_events to jaga_runtime");
  }

  @Test
  void append_manyConcurrentCallers_oneGaplessChainWithSeveralEventsPerTransaction()
      throws Exception {
    int threads = 8;
    int perThread = 250;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, CompletableFuture<Long>>>> submitted = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      submitted.add(
          callers.submit(
              () -> {
                Map<String, CompletableFuture<Long>> mine = new HashMap<>();
                for (int i = 0; i < perThread; i++) {
                  String requestId = "req-" + thread + "-" + i;
                  mine.put(requestId, log.append(TestEvents.event("acme-id", requestId)));
                }
                return mine;
              }));
    }
    Map<String, Long> sequenceOf = new HashMap<>();
    for (var future : submitted) {
      future.get().forEach((requestId, done) -> sequenceOf.put(requestId, done.join()));
    }
    callers.shutdown();

    int total = threads * perThread;
    assertThat(sequenceOf.values())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    Map<String, Long> stored =
        database.owner().select(AUDIT_EVENTS.REQUEST_ID, AUDIT_EVENTS.SEQUENCE)
            .from(AUDIT_EVENTS)
            .fetchMap(AUDIT_EVENTS.REQUEST_ID, AUDIT_EVENTS.SEQUENCE);
    assertThat(stored).isEqualTo(sequenceOf);
    int transactions = database.owner().fetchCount(AUDIT_HEADS);
    assertThat(transactions).isBetween(1, total / 4);
    AuditVerifier.Verification verification = verifier().verify(0, 0);
    assertThat(verification.intact()).as(verification.problem()).isTrue();
    assertThat(verification.eventsChecked()).isEqualTo(total);
    assertThat(verification.signedHeadSequence()).isEqualTo(total);
  }

  @Test
  void append_twoNodesOfOneRegion_extendOneChainTogether() {
    List<CompletableFuture<Long>> appended = new ArrayList<>();
    try (AuditLog otherNode = newLog(10_000, AuditLog.DEFAULT_MAX_BATCH)) {
      for (int i = 0; i < 500; i++) {
        appended.add(log.append(TestEvents.event("acme-id", "here-" + i)));
        appended.add(otherNode.append(TestEvents.event("acme-id", "there-" + i)));
      }
      assertThat(appended.stream().map(CompletableFuture::join))
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 1_000).boxed().toList());
    }
    assertThat(verifier().verify(0, 0).intact()).isTrue();
  }

  @Test
  void append_afterAnotherNodeWrote_isWrittenAfterTheRealTip() {
    assertThat(log.append(TestEvents.event("acme-id", "here")).join()).isEqualTo(1);
    try (AuditLog otherNode = newLog(10_000, AuditLog.DEFAULT_MAX_BATCH)) {
      assertThat(otherNode.append(TestEvents.event("acme-id", "there")).join()).isEqualTo(2);
    }
    // This writer still knows 1 as the tip: its write after it collides with 2, and goes again.
    assertThat(log.append(TestEvents.event("acme-id", "here-again")).join()).isEqualTo(3);
    assertThat(verifier().verify(0, 0).intact()).isTrue();
  }

  @Test
  void append_futureCompletes_onlyOnceItsEventIsCommitted() {
    List<CompletableFuture<Boolean>> visibleElsewhere = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      visibleElsewhere.add(
          log.append(TestEvents.event("acme-id", "req-" + i))
              // Another connection sees only what is committed.
              .thenApply(
                  sequence ->
                      database.owner().fetchExists(AUDIT_EVENTS, AUDIT_EVENTS.SEQUENCE.eq(sequence))
                          && database.owner()
                              .fetchExists(AUDIT_HEADS, AUDIT_HEADS.SEQUENCE.ge(sequence))));
    }
    assertThat(visibleElsewhere).allSatisfy(seen -> assertThat(seen.join()).isTrue());
  }

  @Test
  void append_whileWritesAreImpossible_failsEveryPendingCallThenRecovers() throws Exception {
    assertThat(log.append(TestEvents.event("acme-id", "before")).join()).isEqualTo(1);
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    try (Connection lock = database.holdChainLock()) {
      pending.add(log.append(TestEvents.event("acme-id", "first")));
      database.awaitWriterWaitingForTheLock();
      for (int i = 0; i < 50; i++) {
        pending.add(log.append(TestEvents.event("acme-id", "queued-" + i)));
      }
      database.owner().execute("revoke insert on jaga.audit_events from jaga_runtime");
      lock.commit();
    }

    assertThat(pending).allSatisfy(AuditLogTest::assertAuditUnavailable);

    database.owner().execute("grant insert on jaga.audit_events to jaga_runtime");
    assertThat(log.append(TestEvents.event("acme-id", "after")).join()).isEqualTo(2);
    assertThat(verifier().verify(0, 0).intact()).isTrue();
  }

  @Test
  void append_whenTheConnectionDiesMidBatch_failsThatBatchAndKeepsWorking() throws Exception {
    CompletableFuture<Long> cut;
    try (Connection lock = database.holdChainLock()) {
      cut = log.append(TestEvents.event("acme-id", "cut"));
      int writer = database.awaitWriterWaitingForTheLock();
      database.owner().fetch("select pg_terminate_backend(?)", writer);
      assertAuditUnavailable(cut);
      lock.commit();
    }

    assertThat(log.append(TestEvents.event("acme-id", "after")).join()).isEqualTo(1);
    assertThat(database.owner().fetchCount(AUDIT_EVENTS)).isEqualTo(1);
  }

  @Test
  void append_afterTheTipItLeft_isOneTransaction_nothingKeptWhenTheHeadCannotBeWritten() {
    assertThat(log.append(TestEvents.event("acme-id", "first")).join()).isEqualTo(1);
    // The next batch goes in one round trip after the tip the writer knows; its head is refused.
    database.owner().execute("revoke insert on jaga.audit_heads from jaga_runtime");
    try {
      assertAuditUnavailable(log.append(TestEvents.event("acme-id", "headless")));
      assertThat(database.owner().fetchCount(AUDIT_EVENTS)).isEqualTo(1);
    } finally {
      database.owner().execute("grant insert on jaga.audit_heads to jaga_runtime");
    }
    assertThat(log.append(TestEvents.event("acme-id", "after")).join()).isEqualTo(2);
    assertThat(verifier().verify(0, 0).intact()).isTrue();
  }

  @Test
  void append_queueFull_failsAtOnceWithoutBlocking() throws Exception {
    log.close();
    log = newLog(2, 1);
    List<CompletableFuture<Long>> accepted = new ArrayList<>();
    CompletableFuture<Long> refused;
    try (Connection lock = database.holdChainLock()) {
      accepted.add(log.append(TestEvents.event("acme-id", "in-flight")));
      database.awaitWriterWaitingForTheLock();
      accepted.add(log.append(TestEvents.event("acme-id", "queued-1")));
      accepted.add(log.append(TestEvents.event("acme-id", "queued-2")));

      refused = log.append(TestEvents.event("acme-id", "one-too-many"));

      assertThat(refused).isCompletedExceptionally();
      lock.commit();
    }
    assertAuditUnavailable(refused);
    assertThat(accepted.stream().map(CompletableFuture::join)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void close_withEventsQueued_writesThemAndThenRefusesAppends() throws Exception {
    List<CompletableFuture<Long>> queued = new ArrayList<>();
    CompletableFuture<Void> closing;
    try (Connection lock = database.holdChainLock()) {
      queued.add(log.append(TestEvents.event("acme-id", "first")));
      database.awaitWriterWaitingForTheLock();
      for (int i = 0; i < 20; i++) {
        queued.add(log.append(TestEvents.event("acme-id", "queued-" + i)));
      }
      closing = CompletableFuture.runAsync(log::close);
      lock.commit();
    }
    closing.get();

    assertThat(queued.stream().map(CompletableFuture::join))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 21).boxed().toList());
    CompletableFuture<Long> late = log.append(TestEvents.event("acme-id", "late"));
    assertThat(late).isCompletedExceptionally();
    assertAuditUnavailable(late);
  }

  @Test
  void appendBehind_alone_isWrittenWithinItsWait() {
    long started = System.nanoTime();
    CompletableFuture<Long> behind = log.appendBehind(TestEvents.event("acme-id", "witness"));

    assertThat(behind.join()).isEqualTo(1);
    // Not at once, and not never: it waited for company, then went alone.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(AuditLog.BEHIND_WAIT);
    assertThat(database.owner().fetchCount(AUDIT_HEADS)).isEqualTo(1);
  }

  @Test
  void appendBehind_ridesAlongWithTheNextBatch_oneCommitForBoth() {
    List<CompletableFuture<Long>> behind = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      behind.add(log.appendBehind(TestEvents.event("acme-id", "witness-" + i)));
    }
    long waited = log.append(TestEvents.event("acme-id", "waited-for")).join();

    assertThat(waited).isEqualTo(1);
    assertThat(behind.stream().map(CompletableFuture::join))
        .containsExactlyElementsOf(LongStream.rangeClosed(2, 11).boxed().toList());
    assertThat(database.owner().fetchCount(AUDIT_HEADS)).isEqualTo(1);
    assertThat(verifier().verify(0, 0).intact()).isTrue();
  }

  @Test
  void close_withEventsBehind_writesThemFirst() {
    CompletableFuture<Long> behind = log.appendBehind(TestEvents.event("acme-id", "witness"));
    log.close();

    assertThat(behind.join()).isEqualTo(1);
    assertThat(log.appendBehind(TestEvents.event("acme-id", "late"))).isCompletedExceptionally();
  }

  @Test
  void append_eventOfAnotherRegion_isRefused() {
    AuditEvent foreign =
        new AuditEvent(
            TestEvents.T0, "sg-sin", "a", Optional.empty(), "m", "", AuditEvent.Decision.ALLOWED,
            "OK", "", AuditEvent.Routing.LOCAL, "", "", "");

    assertThat(log.append(foreign)).isCompletedExceptionally();
    assertThat(database.owner().fetchCount(AUDIT_EVENTS)).isZero();
  }

  private AuditLog newLog(int capacity, int maxBatch) {
    return new AuditLog(
        database.runtime(),
        Clock.systemUTC(),
        key,
        TestEvents.REGION,
        capacity,
        maxBatch,
        AuditLog.DEFAULT_LINGER);
  }

  private AuditVerifier verifier() {
    return new AuditVerifier(database.runtime(), key, TestEvents.REGION);
  }

  private static void assertAuditUnavailable(CompletableFuture<Long> future) {
    Throwable failure = catchThrowable(future::join);
    assertThat(failure).isInstanceOf(CompletionException.class);
    assertThat(failure.getCause()).isInstanceOf(JagaException.class);
    JagaException e = (JagaException) failure.getCause();
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.reason()).isEqualTo(ErrorReason.AUDIT_UNAVAILABLE);
  }
}
