package dev.jaga.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jaga.server.audit.AuditEvent.Decision;
import dev.jaga.server.audit.AuditRepository.Filter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runtime role may do with the audit tables, and what each tenant may see of them. */
class AuditAccessTest {
  private static AuditDatabase database;
  private static AuditKey key;

  @BeforeAll
  static void start(@TempDir Path keys) {
    database = AuditDatabase.start();
    key = TestEvents.newKey(keys);
    try (AuditLog log =
        new AuditLog(database.runtime(), Clock.systemUTC(), key, TestEvents.REGION, 100, 500,
            AuditLog.DEFAULT_LINGER)) {
      // acme-id: 1 ALLOWED by budi at T0, 2 DENIED by agus at T0+1h, 3 ALLOWED by budi at T0+2h;
      // then one event of sinar-id and one that concerns no tenant.
      List<AuditEvent> events = new ArrayList<>();
      events.add(TestEvents.event(Optional.of("acme-id"), "budi", "GetTenant", Decision.ALLOWED,
          at(0), "a1"));
      events.add(TestEvents.event(Optional.of("acme-id"), "agus", "StreamExport", Decision.DENIED,
          at(1), "a2"));
      events.add(TestEvents.event(Optional.of("acme-id"), "budi", "StreamExport", Decision.ALLOWED,
          at(2), "a3"));
      events.add(TestEvents.event(Optional.of("sinar-id"), "hendra", "GetTenant", Decision.ALLOWED,
          at(0), "s1"));
      events.add(TestEvents.event(Optional.empty(), "budi", "ListRegions", Decision.ALLOWED,
          at(0), "n1"));
      events.forEach(e -> log.append(e).join());
    }
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void runtimeRole_cannotUpdateDeleteOrTruncateAuditRows() throws SQLException {
    for (String statement :
        List.of(
            "update jaga.audit_events set actor = 'nobody'",
            "update jaga.audit_events set actor = '(erased)', peer = '(erased)', salt = null",
            "delete from jaga.audit_events",
            "truncate jaga.audit_events",
            "update jaga.audit_heads set key_id = 'forged'",
            "delete from jaga.audit_heads",
            "truncate jaga.audit_heads")) {
      try (Connection c = database.connect(AuditDatabase.RUNTIME)) {
        c.setAutoCommit(false);
        // Even with the whole chain in view, which the writer and verifier have.
        c.createStatement().execute("select set_config('jaga.audit_scope', 'chain', true)");
        assertThatThrownBy(() -> c.createStatement().execute(statement))
            .as(statement)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
      }
    }
    assertThat(database.owner().fetchCount(dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS))
        .isEqualTo(5);
  }

  @Test
  void runtimeRole_queryWithoutATenantFilter_seesOnlyTheTenantOfItsTransaction()
      throws SQLException {
    assertThat(tenantsVisible("acme-id")).containsOnly("acme-id").hasSize(3);
    assertThat(tenantsVisible("sinar-id")).containsExactly("sinar-id");
    assertThat(tenantsVisible(null)).isEmpty();
  }

  @Test
  void list_tenantWithoutFilters_returnsOnlyItsOwnEventsInOrder() {
    AuditRepository repository = new AuditRepository(database.runtime());

    assertThat(requestIds(repository.list(Filter.all("acme-id"), 100)))
        .containsExactly("a1", "a2", "a3");
    assertThat(requestIds(repository.list(Filter.all("sinar-id"), 100))).containsExactly("s1");
    assertThat(repository.list(Filter.all("ghost-co"), 100)).isEmpty();
  }

  @Test
  void list_asARoleThatBypassesRowLevelSecurity_isStillScopedByItsQuery() {
    AuditRepository repository = new AuditRepository(database.owner());

    assertThat(requestIds(repository.list(Filter.all("acme-id"), 100)))
        .containsExactly("a1", "a2", "a3");
  }

  @Test
  void list_filters_narrowTheTenantsEvents() {
    AuditRepository repository = new AuditRepository(database.runtime());
    Filter all = Filter.all("acme-id");

    assertThat(requestIds(repository.list(
            new Filter("acme-id", Optional.of(at(1)), Optional.of(at(2)), Optional.empty(),
                Optional.empty(), Optional.empty()), 100)))
        .containsExactly("a2");
    assertThat(requestIds(repository.list(
            new Filter("acme-id", Optional.empty(), Optional.empty(), Optional.of("budi"),
                Optional.empty(), Optional.empty()), 100)))
        .containsExactly("a1", "a3");
    assertThat(requestIds(repository.list(
            new Filter("acme-id", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("StreamExport"), Optional.of(Decision.ALLOWED)), 100)))
        .containsExactly("a3");
    assertThat(requestIds(repository.list(all, 2))).containsExactly("a1", "a2");
    assertThat(requestIds(repository.page(all, 2, 10))).containsExactly("a3");
  }

  @Test
  void verify_asTheRuntimeRole_seesTheWholeChain() {
    AuditVerifier.Verification v =
        new AuditVerifier(database.runtime(), key, TestEvents.REGION).verify(0, 0);

    assertThat(v.intact()).as(v.problem()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(5);
  }

  /** The tenant ids of every row a bare query returns, as the runtime role sees them. */
  private static List<String> tenantsVisible(String tenant) throws SQLException {
    try (Connection c = database.connect(AuditDatabase.RUNTIME)) {
      c.setAutoCommit(false);
      if (tenant != null) {
        var set = c.prepareStatement("select set_config('jaga.tenant_id', ?, true)");
        set.setString(1, tenant);
        set.execute();
      }
      List<String> seen = new ArrayList<>();
      try (ResultSet rs =
          c.createStatement().executeQuery("select tenant_id from jaga.audit_events")) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
      return seen;
    }
  }

  private static List<String> requestIds(List<ChainedEvent> events) {
    return events.stream().map(e -> e.event().requestId()).toList();
  }

  private static Instant at(int hours) {
    return TestEvents.T0.plus(Duration.ofHours(hours));
  }
}
