package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;
import static dev.jaga.server.db.jooq.Tables.AUDIT_HEADS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.audit.AuditVerifier.Verification;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jooq.Record2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
  private static AuditDatabase database;

  @TempDir Path keys;
  private AuditKey key;
  private AuditLog log;
  private AuditVerifier verifier;
  private Tamperer tamperer;

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
    log = newLog();
    verifier = new AuditVerifier(database.runtime(), key, TestEvents.REGION);
    tamperer = new Tamperer(database);
  }

  @AfterEach
  void stop() {
    log.close();
  }

  @Test
  void verify_intactChain_checksEveryEventUpToTheLastHead() {
    appendOneByOne(10);

    assertIntact(verifier.verify(0, 0), 10, 10);
    assertIntact(verifier.verify(3, 6), 4, 6);
    assertIntact(verifier.verify(11, 0), 0, 0);
  }

  @Test
  void verify_editedField_isReportedAtThatEvent() throws Exception {
    appendOneByOne(10);
    tamperer.sql("update jaga.audit_events set method = 'someone-else' where sequence = 4");

    assertBad(verifier.verify(0, 0), 4, "hash does not match the event's content");
  }

  @Test
  void verify_editedActorOrPeer_isReportedByTheCommitment() throws Exception {
    appendOneByOne(10);
    tamperer.sql("update jaga.audit_events set actor = 'someone-else' where sequence = 4");
    assertBad(verifier.verify(0, 0), 4, "actor or peer of event 4 does not match its commitment");

    // A writer goes on from the tip it left: the emptied chain starts again with a new one.
    log.close();
    database.reset();
    log = newLog();
    appendOneByOne(10);
    // Recomputing the chain does not help: the commitment, not the values, is what it covers.
    tamperer.sql("update jaga.audit_events set peer = '10.0.0.9:1' where sequence = 6");
    tamperer.recomputeChain();
    assertBad(verifier.verify(0, 0), 6, "actor or peer of event 6 does not match its commitment");
  }

  @Test
  void verify_deletedRow_isReportedAsMissing() throws Exception {
    appendOneByOne(10);
    tamperer.sql("delete from jaga.audit_events where sequence = 6");

    assertBad(verifier.verify(0, 0), 6, "sequence 6 is missing");
  }

  @Test
  void verify_deletedRowThatHadNoHead_isReportedAsMissing() throws Exception {
    appendInTwoBatches();
    tamperer.sql("delete from jaga.audit_events where sequence = 3");

    assertBad(verifier.verify(0, 0), 3, "sequence 3 is missing");
  }

  @Test
  void verify_deletedLastRow_isReportedByItsSignedHead() throws Exception {
    appendOneByOne(10);
    tamperer.sql("delete from jaga.audit_events where sequence = 10");

    assertBad(verifier.verify(0, 0), 10, "sequence 10 is missing");
  }

  @Test
  void verify_swappedRows_isReportedAtTheFirst() throws Exception {
    appendOneByOne(10);
    tamperer.swap(3, 7);

    assertBad(verifier.verify(0, 0), 3, "event 3 does not follow event 2");
  }

  @Test
  void verify_insertedRowWithAValidLink_isReportedByTheSignedHead() throws Exception {
    appendOneByOne(10);
    byte[] hashOf4 = hashAt(4);
    tamperer.makeRoomAfter(4);
    insertForged(5, hashOf4);

    assertBad(verifier.verify(0, 0), 5, "signed head at 5 does not match the chain");
  }

  @Test
  void verify_rowAppendedWithoutTheKey_isNotCovered() {
    appendOneByOne(10);
    insertForged(11, hashAt(10));

    assertBad(
        verifier.verify(0, 0),
        11,
        "events after the last signed head 10 are not covered by a signature");
  }

  @Test
  void verify_chainRecomputedInSql_isCaughtByTheSignedHeads() throws Exception {
    appendOneByOne(10);
    Map<Long, String> before = hashes();
    tamperer.recomputeChain();
    // The SQL reproduces the writer exactly: only the signatures stand in its way.
    assertThat(hashes()).hasSize(10).isEqualTo(before);

    tamperer.sql("update jaga.audit_events set decision = 'ALLOWED', scope = 'x' where sequence = 4");
    tamperer.recomputeChain();

    assertBad(verifier.verify(0, 0), 4, "signed head at 4 does not match the chain");
  }

  @Test
  void verify_chainAndHeadsRewrittenInSql_failsOnTheSignature() throws Exception {
    appendOneByOne(10);
    tamperer.sql("update jaga.audit_events set scope = 'nothing to see' where sequence = 4");
    tamperer.recomputeChain();
    tamperer.sql(
        "update jaga.audit_heads h set hash = e.hash from jaga.audit_events e"
            + " where e.sequence = h.sequence");

    assertBad(
        verifier.verify(0, 0),
        4,
        "the signature of the head at 4 does not verify with the region's audit key");
  }

  @Test
  void verify_chainRecomputedAndLaterHeadsDeleted_isNotCovered() throws Exception {
    appendOneByOne(10);
    tamperer.sql("update jaga.audit_events set scope = 'x' where sequence = 4");
    tamperer.recomputeChain();
    tamperer.sql("delete from jaga.audit_heads where sequence >= 4");

    assertBad(
        verifier.verify(0, 0),
        4,
        "events after the last signed head 3 are not covered by a signature");
  }

  @Test
  void verify_rangeInsideABatch_readsOnToTheHeadThatCoversIt() throws Exception {
    appendInTwoBatches();

    assertIntact(verifier.verify(2, 3), 4, 5);

    tamperer.sql("update jaga.audit_events set scope = 'x' where sequence = 3");
    tamperer.recomputeChain();
    assertBad(verifier.verify(2, 3), 2, "signed head at 5 does not match the chain");
  }

  @Test
  void verify_withAnotherKey_reportsTheUnknownKey(@TempDir Path otherKeys) {
    appendOneByOne(3);
    AuditVerifier stranger =
        new AuditVerifier(database.runtime(), TestEvents.newKey(otherKeys), TestEvents.REGION);

    assertBad(stranger.verify(0, 0), 1, "signed head at 1 names key " + key.keyId());
  }

  private AuditLog newLog() {
    return new AuditLog(database.runtime(), Clock.systemUTC(), key, TestEvents.REGION, 100, 500, AuditLog.DEFAULT_LINGER);
  }

  private void appendOneByOne(int events) {
    // One event per transaction, so every event has its own signed head.
    for (int i = 1; i <= events; i++) {
      assertThat(log.append(TestEvents.event("acme-id", "req-" + i)).join()).isEqualTo(i);
    }
  }

  /** Events 1 and 2 to 5 in two transactions, so only 1 and 5 have signed heads. */
  private void appendInTwoBatches() throws Exception {
    List<CompletableFuture<Long>> appended = new ArrayList<>();
    try (Connection lock = database.holdChainLock()) {
      appended.add(log.append(TestEvents.event("acme-id", "req-1")));
      database.awaitWriterWaitingForTheLock();
      for (int i = 2; i <= 5; i++) {
        appended.add(log.append(TestEvents.event("acme-id", "req-" + i)));
      }
      lock.commit();
    }
    assertThat(appended.stream().map(CompletableFuture::join)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(
            database.owner()
                .select(AUDIT_HEADS.SEQUENCE)
                .from(AUDIT_HEADS)
                .orderBy(AUDIT_HEADS.SEQUENCE)
                .fetch(AUDIT_HEADS.SEQUENCE))
        .containsExactly(1L, 5L);
  }

  /** A well-formed event with a correctly computed link: what an attacker who read the code writes. */
  private void insertForged(long sequence, byte[] prevHash) {
    tamperer.insertV1(sequence, TestEvents.event("acme-id", "forged"), prevHash);
  }

  private byte[] hashAt(long sequence) {
    return database.owner()
        .select(AUDIT_EVENTS.HASH)
        .from(AUDIT_EVENTS)
        .where(AUDIT_EVENTS.SEQUENCE.eq(sequence))
        .fetchSingle(AUDIT_EVENTS.HASH);
  }

  private Map<Long, String> hashes() {
    return database.owner()
        .select(AUDIT_EVENTS.SEQUENCE, AUDIT_EVENTS.HASH)
        .from(AUDIT_EVENTS)
        .fetchMap(Record2::value1, r -> HexFormat.of().formatHex(r.value2()));
  }

  private static void assertIntact(Verification v, long checked, long signedHead) {
    assertThat(v.intact()).as(v.problem()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(checked);
    assertThat(v.firstBadSequence()).isZero();
    assertThat(v.signedHeadSequence()).isEqualTo(signedHead);
  }

  private static void assertBad(Verification v, long firstBad, String problem) {
    assertThat(v.intact()).isFalse();
    assertThat(v.problem()).startsWith(problem);
    assertThat(v.firstBadSequence()).as(v.problem()).isEqualTo(firstBad);
  }
}
