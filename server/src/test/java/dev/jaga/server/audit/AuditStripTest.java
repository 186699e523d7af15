package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jaga.server.audit.AuditVerifier.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jooq.Record2;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stripping a purged tenant's audit events of actor and peer: the chain still verifies, only a
 * PURGED tenant can be stripped by the runtime role, and stripping by hand is caught.
 */
class AuditStripTest {
  private static final String PURGED = "gone-id";
  private static final String LIVE = "acme-id";
  private static final String PENDING = "leaving-id";
  private static AuditDatabase database;

  @TempDir Path keys;
  private AuditLog log;
  private AuditVerifier verifier;
  private Tamperer tamperer;

  @BeforeAll
  static void startDatabase() {
    database = AuditDatabase.start();
    database.owner().execute("insert into jaga.tenants (tenant_id, display_name, home_region, status) values"
        + " (?, 'Gone', 'id-jkt', 'PURGED'), (?, 'Acme', 'id-jkt', 'ACTIVE'),"
        + " (?, 'Leaving', 'id-jkt', 'PENDING_DELETION')", PURGED, LIVE, PENDING);
  }

  @AfterAll
  static void stopDatabase() {
    database.close();
  }

  @BeforeEach
  void start() {
    database.reset();
    AuditKey key = TestEvents.newKey(keys);
    log = new AuditLog(database.runtime(), Clock.systemUTC(), key, TestEvents.REGION, 100, 500,
        AuditLog.DEFAULT_LINGER);
    verifier = new AuditVerifier(database.runtime(), key, TestEvents.REGION);
    tamperer = new Tamperer(database);
    for (int i = 0; i < 4; i++) {
      for (String tenant : List.of(PURGED, LIVE, PENDING)) {
        log.append(TestEvents.event(tenant, tenant + "-" + i)).join();
      }
    }
  }

  @AfterEach
  void stop() {
    log.close();
  }

  @Test
  void strip_purgedTenant_erasesActorPeerAndSaltAndTheChainStillVerifies() {
    assertThat(strip(PURGED)).isEqualTo(List.of(4L, 0L));

    for (var row : database.owner().selectFrom(AUDIT_EVENTS).fetch()) {
      boolean purged = row.getTenantId().equals(PURGED);
      assertThat(row.getActor()).isEqualTo(purged ? AuditEvent.ERASED : "budi@acme.co.id");
      assertThat(row.getPeer()).isEqualTo(purged ? AuditEvent.ERASED : "127.0.0.1:50000");
      assertThat(row.getSalt() == null).isEqualTo(purged);
      assertThat(row.getCommitment()).hasSize(32);
    }
    assertIntact(verifier.verify(0, 0));
    // Twice is harmless: nothing is left to strip.
    assertThat(strip(PURGED)).isEqualTo(List.of(0L, 0L));
  }

  @Test
  void strip_tenantNotPurged_isRefusedForTheRuntimeRoleAndChangesNothing() {
    for (String tenant : List.of(LIVE, PENDING, "never-existed")) {
      assertThatThrownBy(() -> strip(tenant))
          .as(tenant)
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("only a purged tenant's audit events can be stripped");
    }
    assertThat(database.owner().fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.ACTOR.eq(AuditEvent.ERASED))).isZero();
    assertThat(database.owner().fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.SALT.isNull())).isZero();
  }

  @Test
  void verify_liveTenantsEventStrippedByHand_isReported() throws Exception {
    tamperer.stripByHand(5); // acme-id's second event

    assertBad(verifier.verify(0, 0), 5, "event 5 is stripped but its tenant was not purged");
  }

  @Test
  void verify_saltErasedButValuesKept_isReported() throws Exception {
    tamperer.sql("update jaga.audit_events set salt = null where sequence = 4");

    assertBad(verifier.verify(0, 0), 4, "event 4 lost its salt but still holds actor and peer");
  }

  @Test
  void verify_strippedEventGivenBackAGuessedActor_isReported() throws Exception {
    strip(PURGED);
    tamperer.sql("update jaga.audit_events set actor = 'budi@acme.co.id' where sequence = 7");

    assertBad(verifier.verify(0, 0), 7, "event 7 lost its salt but still holds actor and peer");
  }

  @Test
  void strip_eventsWrittenBeforeCommitments_areLeftAndCounted() throws Exception {
    AuditEvent old = TestEvents.event(PURGED, "v1");
    byte[] prev = database.owner().select(AUDIT_EVENTS.HASH).from(AUDIT_EVENTS)
        .where(AUDIT_EVENTS.SEQUENCE.eq(12L)).fetchSingle(AUDIT_EVENTS.HASH);
    tamperer.insertV1(13, old, prev);
    // The v1 encoding is the one of before: the SQL of V3's time reproduces its hash unchanged.
    byte[] v1Hash = old.hash(13, prev);
    tamperer.recomputeChain();
    assertThat(database.owner().fetchValue(AUDIT_EVENTS.HASH, AUDIT_EVENTS.SEQUENCE.eq(13L))).isEqualTo(v1Hash);

    assertThat(strip(PURGED)).isEqualTo(List.of(4L, 1L));
    assertThat(database.owner().fetchValue(AUDIT_EVENTS.ACTOR, AUDIT_EVENTS.SEQUENCE.eq(13L)))
        .isEqualTo("budi@acme.co.id");
    // The v1 event still links (it is past the last signed head, so only its coverage fails).
    assertBad(verifier.verify(0, 0), 13, "events after the last signed head 12 are not covered");
  }

  /** Calls the strip function as the runtime role; returns [stripped, left_v1]. */
  private static List<Long> strip(String tenant) {
    Record2<?, ?> r = database.runtime()
        .resultQuery("select stripped, left_v1 from jaga.strip_purged_tenant_audit(?)", tenant)
        .coerce(org.jooq.impl.DSL.field("stripped", Long.class), org.jooq.impl.DSL.field("left_v1", Long.class))
        .fetchSingle();
    return List.of((Long) r.value1(), (Long) r.value2());
  }

  private static void assertIntact(Verification v) {
    assertThat(v.intact()).as(v.problem()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(12);
  }

  private static void assertBad(Verification v, long firstBad, String problem) {
    assertThat(v.intact()).isFalse();
    assertThat(v.problem()).startsWith(problem);
    assertThat(v.firstBadSequence()).as(v.problem()).isEqualTo(firstBad);
  }
}
