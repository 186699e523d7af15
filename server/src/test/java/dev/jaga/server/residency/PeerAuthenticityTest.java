package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.Decision;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Authenticity between nodes: only a peer node holding the deployment's peer key can present a
 * call as forwarded (and so have the home region record it as arriving through another region);
 * anything else claiming to be forwarded is refused UNAUTHENTICATED and audited as denied.
 */
class PeerAuthenticityTest {
  private static final String METHOD = ExportServiceGrpc.getStreamExportMethod().getFullMethodName();
  private static final StreamExportRequest REQUEST = StreamExportRequest.newBuilder()
      .setTenantId("sinar-id").setScope(Scope.newBuilder().addEntities("teams")).build();

  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final String user = "peer-" + UUID.randomUUID() + "@jaga.test";
  private final String token = issuer.token(user, "sinar-id", "owner");

  @Test
  void forwardingHeader_signedWithThePeerKey_isAcceptedAndAuditedAsForwarded() throws Exception {
    String header = realKey().sign("sg-sin", METHOD, "Bearer " + token, "203.0.113.7:4242", Instant.now());
    assertThat(export(token, header)).isNotNull();
    AuditEvent last = last();
    assertThat(last.getDecision()).isEqualTo(Decision.DECISION_ALLOWED);
    assertThat(last.getPeer()).isEqualTo("forwarded by region sg-sin for 203.0.113.7:4242");
  }

  @Test
  void forwardedCall_isAuthorizedAgainByTheHomeRegion() throws Exception {
    // A genuine forwarding of a caller who holds no role on the tenant: the home region refuses it.
    String stranger = issuer.token(user, "acme-id", "owner");
    String header = realKey().sign("sg-sin", METHOD, "Bearer " + stranger, "203.0.113.7:4242", Instant.now());
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(stranger, header));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void forwardingHeader_notFromAPeer_isRefusedAndAuditedAsDenied() throws Exception {
    Instant now = Instant.now();
    String clientPeer = "203.0.113.7:4242";
    String bearer = "Bearer " + token;
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    String peer = Base64.getUrlEncoder().withoutPadding().encodeToString(clientPeer.getBytes());
    List<String> forged = List.of(
        // A made-up MAC.
        "v1.sg-sin." + now.getEpochSecond() + "." + peer + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(otherKey),
        // Signed with a key that is not the deployment's.
        new ForwardingHeader(otherKey).sign("sg-sin", METHOD, bearer, clientPeer, now),
        // A real header captured from another caller's call.
        realKey().sign("sg-sin", METHOD, "Bearer " + issuer.token("someone@jaga.test", "sinar-id", "owner"), clientPeer, now),
        // A real header for another method.
        realKey().sign("sg-sin", ExportServiceGrpc.getGetExportMethod().getFullMethodName(), bearer, clientPeer, now),
        // A real header, replayed too late.
        realKey().sign("sg-sin", METHOD, bearer, clientPeer, now.minus(Duration.ofMinutes(5))),
        // From a region that runs no node of this deployment, or the home region itself.
        realKey().sign("id-sby", METHOD, bearer, clientPeer, now),
        realKey().sign("id-jkt", METHOD, bearer, clientPeer, now),
        "garbage");
    for (String header : forged) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(token, header));
      assertThat(e).as(header).isNotNull();
      assertThat(e.getStatus().getCode()).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(ErrorDetails.of(e).reason()).isEqualTo("UNAUTHENTICATED");
      AuditEvent last = last();
      assertThat(last.getDecision()).as(header).isEqualTo(Decision.DECISION_DENIED);
      assertThat(last.getStatus()).isEqualTo("UNAUTHENTICATED");
      assertThat(last.getPeer()).doesNotContain("forwarded by");
    }
  }

  private ExportChunk export(String bearer, String forwardingHeader) {
    Metadata headers = new Metadata();
    headers.put(ForwardingHeader.KEY, forwardingHeader);
    try (JagaClient client = issuer.client(jakarta.region(), bearer)) {
      var chunks = ExportServiceGrpc.newBlockingStub(client.channel())
          .withInterceptors(client.credentials(), MetadataUtils.newAttachHeadersInterceptor(headers))
          .streamExport(REQUEST);
      ExportChunk last = null;
      while (chunks.hasNext()) {
        last = chunks.next();
      }
      return last;
    }
  }

  private AuditEvent last() {
    List<AuditEvent> events = AuditTrail.of(issuer, token, jakarta, "sinar-id", "person:" + user, METHOD);
    return events.get(events.size() - 1);
  }

  /** The shared cluster's peer key, as its nodes read it (dev: beside the issuer key). */
  private static ForwardingHeader realKey() throws Exception {
    byte[] key = Base64.getDecoder().decode(
        Files.readString(TestClusters.sharedIssuerKeyFile().resolveSibling(PeerKey.FILE)).strip());
    return new ForwardingHeader(key);
  }
}
