package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.ADMIN;
import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CancelExportRequest;
import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.RejectExportRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.Node;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CreateExport's policy, the two-person rule, rejection and cancellation, through the real perimeter. */
class ApprovalWorkflowTest {
  private static ExportNodes nodes;
  private static Node node;
  private static GatedProducer producer;

  @BeforeAll
  static void start() {
    nodes = new ExportNodes(ExportNodes.SETTINGS);
    node = nodes.first(inner -> producer = new GatedProducer(inner));
    producer.release();
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  private static ExportServiceBlockingStub as(String user, String role) {
    return nodes.exports(node, nodes.token(user, role));
  }

  /** users holds NIK (class sensitive, export: approval in acme-id's residency). */
  private static CreateExportRequest sensitive(String requestId) {
    return CreateExportRequest.newBuilder().setTenantId(TENANT).setRequestId(requestId)
        .setScope(Scope.newBuilder().addEntities("users")).setConfirmDisplayName(ExportNodes.DISPLAY_NAME).build();
  }

  @Test
  void createExport_sensitiveClass_waitsForApprovalWithTheReason() {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));

    assertThat(e.getState()).isEqualTo(ExportState.EXPORT_STATE_PENDING_APPROVAL);
    assertThat(e.getApprovalReasonsList()).containsExactly("sensitive data classes: sensitive");
  }

  @Test
  void createExport_requesterRoleInApprovalList_waitsForApproval() {
    Export e = as("agus@kreatif-agency.id", "agency").createExport(ExportNodes.plain(ExportNodes.newRequestId()));

    assertThat(e.getState()).isEqualTo(ExportState.EXPORT_STATE_PENDING_APPROVAL);
    assertThat(e.getApprovalReasonsList()).singleElement().asString().contains("role agency");
  }

  @Test
  void createExport_sensitiveWithoutTheCapability_isPermissionDenied() {
    ErrorDetails refused = Failures.of(() -> as(ADMIN, "admin").createExport(sensitive(ExportNodes.newRequestId())));

    assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(refused.metadata()).containsEntry("capability", "tenant:export:sensitive");
  }

  @Test
  void createExport_sensitiveWithStaleSignIn_isReauthRequired() {
    String stale = nodes.token(OWNER, Map.of(TENANT, List.of("owner")), Duration.ofMinutes(30));

    ErrorDetails refused = Failures.of(() -> nodes.exports(node, stale).createExport(sensitive(ExportNodes.newRequestId())));

    assertThat(refused.reason()).isEqualTo("REAUTH_REQUIRED");
  }

  @Test
  void approveExport_byTheRequester_isRefused() {
    ExportServiceBlockingStub owner = as(OWNER, "owner");
    Export e = owner.createExport(sensitive(ExportNodes.newRequestId()));

    ErrorDetails refused = Failures.of(() -> owner.approveExport(approve(e)));

    assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(refused.message()).contains("you requested this export");
    assertThat(state(e)).isEqualTo(ExportState.EXPORT_STATE_PENDING_APPROVAL);
  }

  @Test
  void approveExport_withoutExportApprove_isRefused() {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));

    ErrorDetails refused = Failures.of(() -> as("dewi.lestari@acme.co.id", "analyst").approveExport(approve(e)));

    assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(refused.metadata()).containsEntry("capability", "export:approve");
    assertThat(state(e)).isEqualTo(ExportState.EXPORT_STATE_PENDING_APPROVAL);
  }

  @Test
  void approveExport_byAnotherTenantsApprover_isNotFound() {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));
    ExportServiceBlockingStub sinar = nodes.exports(node, nodes.token("hendra.wijaya@sinarjaya.co.id",
        Map.of("sinar-id", List.of("owner")), Duration.ZERO));

    ErrorDetails namingAcme = Failures.of(() -> sinar.approveExport(approve(e)));
    ErrorDetails namingOwnTenant = Failures.of(() -> sinar.approveExport(approve(e).toBuilder().setTenantId("sinar-id").build()));

    assertThat(namingAcme.code()).isEqualTo("NOT_FOUND");
    assertThat(namingOwnTenant.code()).isEqualTo("NOT_FOUND");
    assertThat(namingOwnTenant.message()).doesNotContain("acme");
    assertThat(state(e)).isEqualTo(ExportState.EXPORT_STATE_PENDING_APPROVAL);
  }

  @Test
  void approveExport_bySecondPerson_runsToReady() throws Exception {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));

    Export approved = as(ADMIN, "admin").approveExport(approve(e));

    assertThat(approved.getState()).isIn(ExportState.EXPORT_STATE_QUEUED, ExportState.EXPORT_STATE_RUNNING);
    assertThat(approved.getApprovedBy()).isEqualTo("person:" + ADMIN);
    Export ready = ExportNodes.await(as(OWNER, "owner"), e.getExportId(), ExportState.EXPORT_STATE_READY);
    assertThat(ready.getArchiveBytes()).isPositive();
    assertThat(ready.getProgress().getRows()).isPositive();
    assertThat(ready.hasExpireTime()).isTrue();
  }

  @Test
  void rejectExport_neverRuns() throws Exception {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));

    ErrorDetails noReason = Failures.of(() -> as(ADMIN, "admin").rejectExport(reject(e, "")));
    Export rejected = as(ADMIN, "admin").rejectExport(reject(e, "not for this purpose"));
    node.exportWorker().pollOnce();
    ErrorDetails approveLater = Failures.of(() -> as(ADMIN, "admin").approveExport(approve(e)));

    assertThat(noReason.violations()).extracting(v -> v.getField()).containsExactly("reason");
    assertThat(rejected.getState()).isEqualTo(ExportState.EXPORT_STATE_REJECTED);
    assertThat(rejected.getRejectionReason()).isEqualTo("not for this purpose");
    assertThat(approveLater.reason()).isEqualTo("INVALID_STATE");
    assertThat(state(e)).isEqualTo(ExportState.EXPORT_STATE_REJECTED);
    assertThat(AuditTrail.of(nodes.client(node, nodes.token(OWNER, "owner")), e.getExportId()))
        .containsExactly("export.requested", "export.rejected");
  }

  @Test
  void cancelExport_pendingByAnotherUserWithoutApprove_isRefused_byRequesterWorks() {
    Export e = as(OWNER, "owner").createExport(sensitive(ExportNodes.newRequestId()));

    ErrorDetails byOther = Failures.of(() -> as("agus@kreatif-agency.id", "agency").cancelExport(cancel(e)));
    Export cancelled = as(OWNER, "owner").cancelExport(cancel(e));

    assertThat(byOther.code()).isEqualTo("PERMISSION_DENIED");
    assertThat(cancelled.getState()).isEqualTo(ExportState.EXPORT_STATE_CANCELLED);
  }

  private static ExportState state(Export e) {
    return as(OWNER, "owner").getExport(GetExportRequest.newBuilder().setTenantId(TENANT)
        .setExportId(e.getExportId()).build()).getState();
  }

  private static ApproveExportRequest approve(Export e) {
    return ApproveExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).setComment("ok").build();
  }

  private static RejectExportRequest reject(Export e, String reason) {
    return RejectExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).setReason(reason).build();
  }

  private static CancelExportRequest cancel(Export e) {
    return CancelExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build();
  }
}
