package dev.jaga.server.export;

import static dev.jaga.server.export.ExportTestCalls.TENANT;
import static dev.jaga.server.export.ExportTestCalls.readAll;
import static dev.jaga.server.export.ExportTestCalls.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resume tokens are signed by the region: one that was altered or made elsewhere is refused. */
class ResumeTokenEndToEndTest {
  private static final Scope CONTACTS = Scope.newBuilder().addEntities("contacts").build();
  private static ManagedChannel channel;
  private final TestIssuer issuer = TestClusters.sharedIssuer();

  @BeforeAll
  static void connect() {
    channel = TestClusters.channel(TestClusters.shared().node("id-jkt").region());
  }

  @AfterAll
  static void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void alteredToken_isRefused() {
    String token = firstChunk().getResumeToken();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    // The last field before the MAC is the entity's byte total: claim one more record's worth.
    raw[raw.length - ResumeKey.MAC_BYTES - 1] ^= 0x01;
    String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertRefused(altered);
  }

  @Test
  void tokenSignedWithAnotherKey_isRefused() {
    StreamExportRequest plain = request(CONTACTS, "");
    byte[] scopeDigest = StreamState.sha256(TENANT.getBytes(StandardCharsets.UTF_8), plain.getScope().toByteArray());
    byte[] otherSecret = new byte[32];
    new SecureRandom().nextBytes(otherSecret);
    StreamState forged = StreamState.start(new ResumeKey(otherSecret), scopeDigest, 1);
    // A well-formed position (start of the entity) that only the signature gives away.
    forged.sequence = 1;

    assertRefused(forged.token());
  }

  @Test
  void untouchedToken_isAccepted() {
    String token = firstChunk().getResumeToken();
    List<ExportChunk> rest = readAll(channel, owner(), request(CONTACTS, token));
    assertThat(rest).isNotEmpty();
    assertThat(rest.get(rest.size() - 1).hasSummary()).isTrue();
  }

  private void assertRefused(String token) {
    StatusRuntimeException e = catchThrowableOfType(
        StatusRuntimeException.class, () -> readAll(channel, owner(), request(CONTACTS, token)));
    assertThat(e).as("a token the region did not sign was accepted").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(e).violations().get(0).getField()).isEqualTo("resume_token");
  }

  /** The first chunk of a contacts export, whose call is then cancelled (it holds a stream slot). */
  private ExportChunk firstChunk() {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> ExportTestCalls.blocking(channel, owner()).streamExport(request(CONTACTS, "")).next());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  private String owner() {
    return issuer.token("budi@acme.test", TENANT, "owner");
  }
}
