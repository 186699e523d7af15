package dev.jaga.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** Who may erase whom: each test tries to break one protection of EraseSubject. */
class ErasureAccessTest {
  private final ErasureNode node = ErasureNode.shared();
  private final DSLContext owner = node.ownerDsl();

  @Test
  void eraseSubject_anotherTenantsSubject_isNotFoundLikeAnUnknownOneAndErasesNothing() {
    String sinarUser = user("sinar-id");
    Map<String, String> before = TableDigests.of(owner);

    StatusRuntimeException foreign = refused(node.owner("acme-id"), "acme-id", sinarUser, false);
    StatusRuntimeException unknown = refused(node.owner("acme-id"), "acme-id", UUID.randomUUID().toString(), false);

    assertThat(foreign.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(foreign.getStatus().getDescription()).isEqualTo(unknown.getStatus().getDescription());
    assertThat(ErrorDetails.of(foreign).reason()).isEqualTo(ErrorDetails.of(unknown).reason());
    assertThat(TableDigests.of(owner)).isEqualTo(before);
  }

  @Test
  void eraseSubject_tenantTheCallerHasNoRoleOn_isNotFound() {
    StatusRuntimeException e = refused(node.owner("acme-id"), "sinar-id", user("sinar-id"), true);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void eraseSubject_withoutSubjectErase_isPermissionDenied() {
    String support = node.token("acme-id", "support", Duration.ZERO);

    StatusRuntimeException e = refused(support, "acme-id", user("acme-id"), true);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.of(e).metadata()).containsEntry("capability", "subject:erase");
  }

  @Test
  void eraseSubject_staleAuthentication_needsReauthentication() {
    String stale = node.token("acme-id", "owner", Duration.ofMinutes(30));

    StatusRuntimeException e = refused(stale, "acme-id", user("acme-id"), true);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(ErrorDetails.of(e).reason()).isEqualTo("REAUTH_REQUIRED");
  }

  @Test
  void eraseSubject_requestIdOfAnotherSubjectsErasure_isRefused() {
    String requestId = UUID.randomUUID().toString();
    String first = user("acme-id", 1);
    String second = user("acme-id", 2);
    erase(node.owner("acme-id"), "acme-id", first, requestId);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> erase(node.owner("acme-id"), "acme-id", second, requestId));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(e).violations().get(0).getField()).isEqualTo("request_id");
    assertThat(owner.fetchValue("select count(*) from app.users where id = ?::uuid", second)).isEqualTo(1L);
  }

  /** A generated (not named) user of the tenant; {@code skip} picks another one. */
  private String user(String tenant, int skip) {
    return owner.fetchValue("select id::text from app.users where tenant_id = ? and email ~ '[.][0-9]+@'"
        + " order by email desc offset ? limit 1", tenant, skip).toString();
  }

  private String user(String tenant) {
    return user(tenant, 0);
  }

  private StatusRuntimeException refused(String token, String tenant, String subject, boolean dryRun) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> call(token, EraseSubjectRequest.newBuilder()
        .setTenantId(tenant).setSubjectId(subject).setReason("test").setRequestId(UUID.randomUUID().toString())
        .setDryRun(dryRun).build()));
  }

  private void erase(String token, String tenant, String subject, String requestId) {
    call(token, EraseSubjectRequest.newBuilder().setTenantId(tenant).setSubjectId(subject).setReason("test")
        .setRequestId(requestId).build());
  }

  private void call(String token, EraseSubjectRequest request) {
    try (JagaClient client = node.client(token)) {
      ErasureServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .eraseSubject(request);
    }
  }
}
