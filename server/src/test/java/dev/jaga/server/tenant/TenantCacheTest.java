package dev.jaga.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.CreateTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The node answers GetTenant from the rows it keeps in memory. These change a row behind its back,
 * the way another node of the region would, and check that the node's answer follows: the memory
 * may never keep serving a row that changed.
 */
class TenantCacheTest {
  /** Generous: changes arrive in milliseconds; this only bounds a test that would hang. */
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final TenantCache cache = jakarta.tenantCache();

  @Test
  void aChangeMadeByAnotherNode_isWhatGetTenantAnswers() throws Exception {
    String id = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    try (JagaClient client = owner(id)) {
      create(client, id);
      awaitHeld(client, id);

      rename(id, "After");

      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!get(client, id).getDisplayName().equals("After") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(get(client, id).getDisplayName()).isEqualTo("After");
    }
  }

  @Test
  void aChangeMadeWhileTheNodeCouldNotListen_isWhatGetTenantAnswersOnceItListensAgain() throws Exception {
    String id = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    try (JagaClient client = owner(id)) {
      create(client, id);
      awaitHeld(client, id);

      // Cut the node's listening connection, and change the row before it listens again.
      assertThat(count("select pg_terminate_backend(pid) from pg_stat_activity"
          + " where application_name = 'jaga-listen-" + TenantCache.CHANNEL + "'")).isEqualTo(1);
      await(() -> !cache.isListening());
      rename(id, "During the outage");
      await(cache::isListening);

      assertThat(get(client, id).getDisplayName()).isEqualTo("During the outage");
    }
  }

  @Test
  void aTenantCreatedByAnotherNode_isFoundOnceItExists() throws Exception {
    String id = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    try (JagaClient client = owner(id)) {
      await(cache::isListening);
      await(() -> isNotFound(() -> get(client, id)) && cache.holds(id));

      // As another node of the region would create it: straight into the table.
      try (Connection c = jakarta.database().ownerDataSource().orElseThrow().getConnection();
          PreparedStatement insert = c.prepareStatement("insert into jaga.tenants (tenant_id, display_name,"
              + " home_region) values (?, 'Created elsewhere', 'id-jkt')")) {
        insert.setString(1, id);
        insert.executeUpdate();
      }

      await(() -> !isNotFound(() -> get(client, id)));
      assertThat(get(client, id).getDisplayName()).isEqualTo("Created elsewhere");
    }
  }

  private static boolean isNotFound(Runnable call) {
    try {
      call.run();
      return false;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      return true;
    }
  }

  /** Until the node serves the tenant from memory: what the tests then try to make stale. */
  private void awaitHeld(JagaClient client, String id) throws InterruptedException {
    await(cache::isListening);
    await(() -> get(client, id).getDisplayName().equals("Before") && cache.holds(id));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s", PATIENCE).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private void rename(String id, String name) throws SQLException {
    try (Connection c = jakarta.database().ownerDataSource().orElseThrow().getConnection();
        PreparedStatement update =
            c.prepareStatement("update jaga.tenants set display_name = ? where tenant_id = ?")) {
      update.setString(1, name);
      update.setString(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private int count(String query) throws SQLException {
    try (Connection c = jakarta.database().ownerDataSource().orElseThrow().getConnection();
        var rs = c.createStatement().executeQuery("select count(*) from (" + query + ") q")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void create(JagaClient client, String id) {
    client.tenants().createTenant(
        CreateTenantRequest.newBuilder()
            .setTenantId(id)
            .setDisplayName("Before")
            .setHomeRegion("id-jkt")
            .setRequestId(UUID.randomUUID().toString())
            .build());
  }

  private static Tenant get(JagaClient client, String id) {
    return client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(id).build());
  }

  private JagaClient owner(String id) {
    return issuer.client(jakarta.region(), issuer.token("ops@jaga.test", id, "owner"));
  }
}
