package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.DISPLAY_NAME;
import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.DeleteTenantRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.Node;
import dev.jaga.server.archive.Gpg;
import dev.jaga.server.keys.KeyDestroyedException;
import dev.jaga.server.tenant.GracePeriods;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding (design §5): an archive made before a tenant was deleted can no longer be
 * opened by Jaga once the tenant is purged, because the key its passphrase was sealed under is gone;
 * the file itself leaves the archive store too.
 */
class PurgedTenantArchiveTest {
  @Test
  void purge_destroysTheTenantKey_soJagaCanNoLongerOpenAnArchiveMadeBefore() throws Exception {
    try (ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS)) {
      Node node = nodes.first(UnaryOperator.identity());
      String token = nodes.token(OWNER, "owner");
      Export created = nodes.exports(node, token).createExport(ExportNodes.plain(ExportNodes.newRequestId()));
      Export ready = ExportNodes.await(nodes.exports(node, token), created.getExportId(), ExportState.EXPORT_STATE_READY);
      byte[] sealed = sealedPassphrase(node, ready.getExportId());
      Path archive = onlyArchive(node);
      // Before: Jaga holds what opens the archive, and it does open it.
      String passphrase = new String(node.tenantKeys().open(TENANT, sealed), StandardCharsets.UTF_8);
      assertThat(Gpg.open(Files.readAllBytes(archive), passphrase)).containsKey("manifest.json");

      nodes.client(node, token).tenants().deleteTenant(DeleteTenantRequest.newBuilder()
          .setTenantId(TENANT).setConfirmDisplayName(DISPLAY_NAME).setReason("contract ended").build());
      nodes.clock.advance(Duration.ofDays(31));
      // The database keeps its own time, and marks a tenant PURGED only once that says it is due.
      DSLContext owner = DSL.using(node.database().ownerDataSource().orElseThrow(), SQLDialect.POSTGRES);
      assertThat(GracePeriods.endForTheDatabase(owner, TENANT)).isOne();
      assertThat(node.tenantPurge().sweep()).containsExactly(TENANT);

      // After: the sealed copy is gone from the database, and the copy taken before cannot be opened.
      assertThat(sealedPassphraseRows(node)).isZero();
      assertThatThrownBy(() -> node.tenantKeys().open(TENANT, sealed)).isInstanceOf(KeyDestroyedException.class);
      // And the encrypted file itself is gone from the archive store.
      assertThat(archive).doesNotExist();
      // Nothing more leaves for the purged tenant, and no new key is made for it.
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
          nodes.client(node, token).exports().streamExport(StreamExportRequest.newBuilder().setTenantId(TENANT)
              .setScope(Scope.newBuilder().addEntities("teams")).build()).hasNext());
      assertThat(ErrorDetails.of(refused).reason()).isEqualTo("NOT_FOUND");
      assertThatThrownBy(() -> node.tenantKeys().seal(TENANT, new byte[] {1}))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static byte[] sealedPassphrase(Node node, String exportId) throws Exception {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        PreparedStatement s = c.prepareStatement("select sealed_passphrase from jaga.exports where export_id = ?")) {
      s.setString(1, exportId);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        byte[] sealed = r.getBytes(1);
        assertThat(sealed).isNotEmpty();
        return sealed;
      }
    }
  }

  private static long sealedPassphraseRows(Node node) throws Exception {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        PreparedStatement s = c.prepareStatement(
            "select count(*) from jaga.exports where tenant_id = ? and sealed_passphrase is not null")) {
      s.setString(1, TENANT);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static Path onlyArchive(Node node) throws Exception {
    try (var files = Files.walk(node.region().archiveDir().resolve("ready"))) {
      return files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
  }
}
