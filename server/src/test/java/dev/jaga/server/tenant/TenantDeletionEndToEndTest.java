package dev.jaga.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.CancelTenantDeletionRequest;
import dev.jaga.api.v1.DeleteTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantState;
import dev.jaga.api.v1.VerifyAuditChainRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.erasure.AppSchema;
import dev.jaga.server.erasure.ErasureNode;
import dev.jaga.server.erasure.TableDigests;
import dev.jaga.server.keys.InMemoryTenantKeys;
import dev.jaga.server.keys.KeyDestroyedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DeleteTenant, its grace period, its cancellation and the purge, on a tenant of the test's own. */
class TenantDeletionEndToEndTest {
  private final ErasureNode node = ErasureNode.shared();
  private final DSLContext owner = node.ownerDsl();
  private final InMemoryTenantKeys keys = new InMemoryTenantKeys();
  private final List<AuditLog> logs = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    logs.forEach(AuditLog::close);
  }

  @Test
  void deleteTenant_thenPurgeAtTheDate_leavesNoRowKeepsAVerifyingAuditAndDestroysTheKey() throws Exception {
    String id = "purge-" + Long.toHexString(System.nanoTime());
    node.seedTenant(id, "PT Purge " + id);
    byte[] sealed = keys.seal(id, "archive passphrase".getBytes(StandardCharsets.UTF_8));
    try (JagaClient client = node.client(node.owner(id))) {
      StatusRuntimeException mismatch = catchThrowableOfType(StatusRuntimeException.class,
          () -> client.tenants().deleteTenant(delete(id, "PT Purge")));
      assertThat(mismatch.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.of(mismatch).reason()).isEqualTo("CONFIRMATION_MISMATCH");

      Tenant pending = client.tenants().deleteTenant(delete(id, "PT Purge " + id));
      assertThat(pending.getState()).isEqualTo(TenantState.TENANT_STATE_PENDING_DELETION);
      Instant purgeAt = Instant.ofEpochSecond(pending.getPurgeTime().getSeconds());
      assertThat(purgeAt).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.HOURS));
      // The grace period: the tenant can still take its data out.
      assertThat(exportedRecords(client, id)).isPositive();

      // One day early: nothing happens.
      assertThat(purge(purgeAt.minus(Duration.ofDays(1))).sweep()).doesNotContain(id);
      assertThat(appRows(id)).isPositive();
      // Due, but no tenant keys to destroy: the tenant waits rather than half-purged.
      assertThat(purge(purgeAt.plusSeconds(1), Optional.empty()).sweep()).doesNotContain(id);
      assertThat(appRows(id)).isPositive();

      var acme = TableDigests.ofTenant(owner, "acme-id");
      String email = "%owner@" + id + ".test%";
      List<String> peers = owner.fetch("select distinct peer from jaga.audit_events where tenant_id = ?"
          + " and actor like ?", id, email).getValues(0, String.class);
      assertThat(peers).isNotEmpty();
      // Due by the node's clock, but not by the database's, which alone would refuse the purge.
      assertThat(purge(purgeAt.plusSeconds(1)).sweep()).doesNotContain(id);
      assertThat(appRows(id)).isPositive();
      GracePeriods.endForTheDatabase(owner, id);
      assertThat(purge(purgeAt.plusSeconds(1)).sweep()).containsExactly(id);
      // Calls made so far are durable (a call is answered only once audited): all are stripped.
      assertThat(owner.fetchValue("select count(*) from jaga.audit_events where tenant_id = ?"
          + " and (actor like ? or peer = any(?) or salt is not null) and method <> 'tenant.audit_stripped'",
          id, email, peers.toArray(String[]::new))).isEqualTo(0L);
      long stripped = (Long) owner.fetchValue("select count(*) from jaga.audit_events where tenant_id = ?"
          + " and actor = '(erased)' and peer = '(erased)' and salt is null", id);
      assertThat(stripped).isGreaterThan(1L);
      assertThat(owner.fetchValue("select scope from jaga.audit_events where tenant_id = ?"
          + " and method = 'tenant.audit_stripped'", id)).isEqualTo("stripped=" + stripped + " left_v1=0");
      assertThat(TableDigests.ofTenant(owner, "acme-id")).isEqualTo(acme);

      assertThat(appRows(id)).isZero();
      assertThat(jagaRows(id)).isZero();
      assertThat(client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(id).build()).getState())
          .isEqualTo(TenantState.TENANT_STATE_PURGED);
      assertThat(owner.fetchValue("select count(*) from jaga.audit_events where tenant_id = ?"
          + " and method = 'tenant.purged'", id)).isEqualTo(1L);
      assertThat(AuditServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .verifyAuditChain(VerifyAuditChainRequest.newBuilder().setTenantId(id).build()).getIntact()).isTrue();
      assertThatThrownBy(() -> keys.open(id, sealed)).isInstanceOf(KeyDestroyedException.class);
      StatusRuntimeException gone = catchThrowableOfType(StatusRuntimeException.class,
          () -> client.tenants().deleteTenant(delete(id, "PT Purge " + id)));
      assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void cancelTenantDeletion_duringGrace_restoresTheTenantAndThePurgeSkipsIt() {
    String id = "cancel-" + Long.toHexString(System.nanoTime());
    node.seedTenant(id, "CV Batal");
    try (JagaClient client = node.client(node.owner(id))) {
      Tenant pending = client.tenants().deleteTenant(delete(id, "CV Batal"));
      Tenant again = client.tenants().deleteTenant(delete(id, "CV Batal"));
      assertThat(again.getPurgeTime()).isEqualTo(pending.getPurgeTime());

      Tenant active = client.tenants().cancelTenantDeletion(cancel(id));

      assertThat(active.getState()).isEqualTo(TenantState.TENANT_STATE_ACTIVE);
      assertThat(active.hasPurgeTime()).isFalse();
      Instant due = Instant.ofEpochSecond(pending.getPurgeTime().getSeconds()).plusSeconds(1);
      assertThat(purge(due).sweep()).doesNotContain(id);
      assertThat(appRows(id)).isPositive();
      StatusRuntimeException notPending = catchThrowableOfType(StatusRuntimeException.class,
          () -> client.tenants().cancelTenantDeletion(cancel(id)));
      assertThat(notPending.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }

  @Test
  void deleteTenant_withoutTenantDeleteOrWithStaleAuthentication_isRefusedAndNothingChanges() {
    String admin = node.token("acme-id", "admin", Duration.ZERO);
    String staleOwner = node.token("acme-id", "owner", Duration.ofMinutes(30));
    String otherTenantsOwner = node.owner("sinar-id");

    assertThat(refused(admin).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.of(refused(staleOwner)).reason()).isEqualTo("REAUTH_REQUIRED");
    assertThat(refused(otherTenantsOwner).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(owner.fetchValue("select status from jaga.tenants where tenant_id = 'acme-id'")).isEqualTo("ACTIVE");
  }

  private StatusRuntimeException refused(String token) {
    try (JagaClient client = node.client(token)) {
      return catchThrowableOfType(StatusRuntimeException.class,
          () -> client.tenants().deleteTenant(delete("acme-id", "PT Acme Indonesia")));
    }
  }

  private long exportedRecords(JagaClient client, String id) {
    long records = 0;
    var chunks = client.exports().streamExport(StreamExportRequest.newBuilder().setTenantId(id)
        .setScope(Scope.newBuilder().addEntities("teams")).build());
    while (chunks.hasNext()) {
      records += chunks.next().getRecords().getRecordCount();
    }
    return records;
  }

  /** Rows of the tenant in Jaga's own tables, except the audit log and the directory's tombstone. */
  private long jagaRows(String id) {
    long rows = 0;
    for (String table : owner.fetch("select table_name from information_schema.columns where table_schema = 'jaga'"
        + " and column_name = 'tenant_id' and table_name not in ('audit_events', 'tenants')")
        .getValues(0, String.class)) {
      rows += ((Number) owner.fetchValue("select count(*) from jaga." + table + " where tenant_id = ?", id))
          .longValue();
    }
    return rows;
  }

  private long appRows(String id) {
    long rows = 0;
    for (String table : owner.fetch("select tablename from pg_tables where schemaname = 'app'")
        .getValues(0, String.class)) {
      rows += ((Number) owner.fetchValue("select count(*) from app." + table + " where tenant_id = ?", id))
          .longValue();
    }
    return rows;
  }

  private TenantPurge purge(Instant now) {
    return purge(now, Optional.of(keys));
  }

  private TenantPurge purge(Instant now, Optional<dev.jaga.server.keys.TenantKeys> tenantKeys) {
    Clock clock = ErasureNode.at(now);
    AuditLog audit = node.auditLog(clock);
    logs.add(audit);
    DSLContext runtime = node.runtime();
    return new TenantPurge(runtime, new TenantScope(runtime), node.config, new AppSchema(runtime), tenantKeys,
        java.util.Set.of(), audit, clock, node.region());
  }

  private static DeleteTenantRequest delete(String id, String confirmation) {
    return DeleteTenantRequest.newBuilder().setTenantId(id).setConfirmDisplayName(confirmation)
        .setReason("contract ended").build();
  }

  private static CancelTenantDeletionRequest cancel(String id) {
    return CancelTenantDeletionRequest.newBuilder().setTenantId(id).build();
  }
}
