package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.ADMIN;
import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.archive.Gpg;
import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.DownloadChunk;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.DownloadExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportKeyResponse;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.Node;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GetExportKey and DownloadExport: the key revealed once, tokens bound, bounded, expiring, and re-checked. */
class DownloadTest {
  private static ExportNodes nodes;
  private static Node node;

  @BeforeAll
  static void start() {
    nodes = new ExportNodes(ExportNodes.SETTINGS);
    node = nodes.first(inner -> inner);
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  private static ExportServiceBlockingStub owner() {
    return nodes.exports(node, nodes.token(OWNER, "owner"));
  }

  private static Export ready() throws InterruptedException {
    Export e = owner().createExport(ExportNodes.plain(ExportNodes.newRequestId()));
    return ExportNodes.await(owner(), e.getExportId(), ExportState.EXPORT_STATE_READY);
  }

  private static GetExportKeyRequest key(Export e) {
    return GetExportKeyRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build();
  }

  private static DownloadExportRequest download(Export e, String token, long offset) {
    return DownloadExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId())
        .setDownloadToken(token).setOffset(offset).build();
  }

  private static byte[] fetch(ExportServiceBlockingStub stub, DownloadExportRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DownloadChunk> chunks = stub.downloadExport(request);
    while (chunks.hasNext()) {
      DownloadChunk c = chunks.next();
      assertThat(c.getOffset()).isEqualTo(request.getOffset() + out.size());
      out.writeBytes(c.getData().toByteArray());
    }
    return out.toByteArray();
  }

  @Test
  void getExportKey_secondCall_revealsNoPassphraseAndSaysSo() throws Exception {
    Export e = ready();

    GetExportKeyResponse first = owner().getExportKey(key(e));
    GetExportKeyResponse second = owner().getExportKey(key(e));

    assertThat(first.getPassphrase()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(first.getPassphraseAlreadyRevealed()).isFalse();
    assertThat(first.getDownloadsAllowed()).isEqualTo(1);
    assertThat(second.getPassphrase()).isEmpty();
    assertThat(second.getPassphraseAlreadyRevealed()).isTrue();
    assertThat(second.getDownloadToken()).isNotEqualTo(first.getDownloadToken());
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        PreparedStatement s = c.prepareStatement("select sealed_passphrase from jaga.exports where export_id = ?")) {
      s.setString(1, e.getExportId());
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getBytes(1)).isNull();
      }
    }
  }

  @Test
  void downloadExport_wholeArchive_opensWithThePassphraseAndCountsMatchTheDatabase() throws Exception {
    Export e = ready();
    GetExportKeyResponse key = owner().getExportKey(key(e));

    byte[] archive = fetch(owner(), download(e, key.getDownloadToken(), 0));

    assertThat(archive).hasSize((int) e.getArchiveBytes());
    assertThat(MessageDigest.getInstance("SHA-256").digest(archive)).isEqualTo(e.getArchiveSha256().toByteArray());
    Map<String, byte[]> entries = Gpg.open(archive, key.getPassphrase());
    var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entries.get("manifest.json")).path("rows");
    for (String entity : List.of("teams", "team_memberships", "documents", "comments")) {
      assertThat(rows.path(entity).asLong(-1)).as(entity).isEqualTo(rowsInDatabase(entity));
    }
  }

  @Test
  void downloadExport_resumedFromAnOffset_continuesWhereTheFirstStopped() throws Exception {
    Export e = ready();
    GetExportKeyResponse key = owner().getExportKey(key(e));
    long half = e.getArchiveBytes() / 2;
    String second = owner().getExportKey(key(e)).getDownloadToken();

    byte[] whole = fetch(owner(), download(e, key.getDownloadToken(), 0));
    byte[] rest = fetch(owner(), download(e, second, half));

    assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(whole, (int) half, whole.length));
  }

  @Test
  void downloadExport_oneDownloadToken_admitsExactlyOneOfAHundredConcurrentCalls() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();
    ExportServiceBlockingStub stub = owner();
    // Let the caller's rate-limit bucket refill after the polling above, so the calls reach the token.
    Thread.sleep(2_500);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(pool.submit((Callable<String>) () -> {
          go.await();
          try {
            fetch(stub, download(e, token, 0));
            return "OK";
          } catch (StatusRuntimeException refused) {
            return ErrorDetails.of(refused).reason();
          }
        }));
      }
      go.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : calls) {
        outcomes.add(f.get());
      }
      assertThat(outcomes.stream().filter("OK"::equals).count()).isEqualTo(1);
      // The rest are refused for the token; a few may instead meet the per-principal rate limit.
      assertThat(outcomes.stream().filter(o -> !o.equals("OK")))
          .hasSize(99)
          .allMatch(o -> o.equals("DOWNLOAD_TOKEN_INVALID") || o.equals("QUOTA_EXCEEDED"))
          .contains("DOWNLOAD_TOKEN_INVALID");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void downloadExport_tokenUsedByAnotherUser_isRefused() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();
    ExportServiceBlockingStub other = nodes.exports(node, nodes.token("someone.else@acme.co.id", "owner"));

    ErrorDetails refused = Failures.of(() -> fetch(other, download(e, token, 0)));
    ErrorDetails keyRefused = Failures.of(() -> other.getExportKey(key(e)));

    assertThat(refused.reason()).isEqualTo("DOWNLOAD_TOKEN_INVALID");
    assertThat(keyRefused.code()).isEqualTo("PERMISSION_DENIED");
    // The token was not spent by the refused attempt.
    assertThat(fetch(owner(), download(e, token, 0))).hasSize((int) e.getArchiveBytes());
  }

  @Test
  void downloadExport_tokenOfAnotherExport_isRefused() throws Exception {
    Export e = ready();
    Export other = ready();
    String otherToken = owner().getExportKey(key(other)).getDownloadToken();

    ErrorDetails refused = Failures.of(() -> fetch(owner(), download(e, otherToken, 0)));

    assertThat(refused.reason()).isEqualTo("DOWNLOAD_TOKEN_INVALID");
  }

  @Test
  void downloadExport_expiredToken_isRefused() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();

    nodes.clock.advance(ExportNodes.SETTINGS.download().tokenTtl().plusSeconds(1));
    ErrorDetails refused = Failures.of(() -> fetch(owner(), download(e, token, 0)));

    assertThat(refused.reason()).isEqualTo("DOWNLOAD_TOKEN_INVALID");
  }

  @Test
  void downloadExport_anotherTenantsExportId_isNotFound() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();
    ExportServiceBlockingStub sinar = nodes.exports(node, nodes.token(OWNER,
        Map.of("sinar-id", List.of("owner")), Duration.ZERO));

    ErrorDetails viaAcme = Failures.of(() -> fetch(sinar, download(e, token, 0)));
    ErrorDetails viaSinar = Failures.of(() -> fetch(sinar, download(e, token, 0).toBuilder().setTenantId("sinar-id").build()));

    assertThat(viaAcme.code()).isEqualTo("NOT_FOUND");
    assertThat(viaSinar.code()).isEqualTo("NOT_FOUND");
  }

  @Test
  void downloadExport_signInNoLongerFresh_isReauthRequired() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();
    String stale = nodes.token(OWNER, Map.of(TENANT, List.of("owner")), Duration.ofMinutes(30));

    ErrorDetails refused = Failures.of(() -> fetch(nodes.exports(node, stale), download(e, token, 0)));

    assertThat(refused.reason()).isEqualTo("REAUTH_REQUIRED");
  }

  @Test
  void downloadExport_requesterLostTheCapability_isPermissionDenied() throws Exception {
    Export e = ready();
    String token = owner().getExportKey(key(e)).getDownloadToken();
    ExportServiceBlockingStub demoted = nodes.exports(node, nodes.token(OWNER, "analyst"));

    ErrorDetails refused = Failures.of(() -> fetch(demoted, download(e, token, 0)));

    assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(refused.metadata()).containsEntry("capability", "tenant:export");
  }

  @Test
  void downloadExport_sensitiveExportAfterLosingTheSensitiveCapability_isPermissionDenied() throws Exception {
    Export e = owner().createExport(CreateExportRequest.newBuilder().setTenantId(TENANT)
        .setRequestId(ExportNodes.newRequestId()).setScope(Scope.newBuilder().addEntities("users"))
        .setConfirmDisplayName(ExportNodes.DISPLAY_NAME).build());
    nodes.exports(node, nodes.token(ADMIN, "admin")).approveExport(ApproveExportRequest.newBuilder()
        .setTenantId(TENANT).setExportId(e.getExportId()).build());
    Export ready = ExportNodes.await(owner(), e.getExportId(), ExportState.EXPORT_STATE_READY);
    String token = owner().getExportKey(key(ready)).getDownloadToken();
    ExportServiceBlockingStub nowAdmin = nodes.exports(node, nodes.token(OWNER, "admin"));

    ErrorDetails refused = Failures.of(() -> fetch(nowAdmin, download(ready, token, 0)));

    assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(refused.metadata()).containsEntry("capability", "tenant:export:sensitive");
  }

  @Test
  void getExportKey_notReady_isInvalidState() {
    Export e = nodes.exports(node, nodes.token("agus@kreatif-agency.id", "agency"))
        .createExport(ExportNodes.plain(ExportNodes.newRequestId()));

    ErrorDetails refused = Failures.of(() -> nodes.exports(node, nodes.token("agus@kreatif-agency.id", "agency"))
        .getExportKey(key(e)));

    assertThat(refused.reason()).isEqualTo("INVALID_STATE");
  }

  private static long rowsInDatabase(String entity) throws Exception {
    try (Connection c = node.database().ownerDataSource().orElseThrow().getConnection();
        PreparedStatement s = c.prepareStatement("select count(*) from app." + entity + " where tenant_id = ?")) {
      s.setString(1, TENANT);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
