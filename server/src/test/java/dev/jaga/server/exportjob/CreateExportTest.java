package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.ListExportsResponse;
import dev.jaga.api.v1.Scope;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CreateExport's validation, idempotency and confirmation; GetExport and ListExports. */
class CreateExportTest {
  private static ExportNodes nodes;
  private static Node node;

  @BeforeAll
  static void start() {
    nodes = new ExportNodes(ExportNodes.SETTINGS);
    node = nodes.first(GatedProducer::new);
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  private static ExportServiceBlockingStub owner() {
    return nodes.exports(node, nodes.token(OWNER, "owner"));
  }

  @Test
  void createExport_sameRequestIdAndBody_returnsTheSameExport() {
    CreateExportRequest request = ExportNodes.plain(ExportNodes.newRequestId());

    Export first = owner().createExport(request);
    Export retry = owner().createExport(request);

    assertThat(first.getExportId()).matches("[0-9a-f]{32}");
    assertThat(retry.getExportId()).isEqualTo(first.getExportId());
  }

  @Test
  void createExport_sameRequestIdOtherBody_isInvalidArgument() {
    CreateExportRequest request = ExportNodes.plain(ExportNodes.newRequestId());
    owner().createExport(request);

    ErrorDetails refused = Failures.of(() -> owner().createExport(request.toBuilder().setPurpose("other").build()));

    assertThat(refused.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(refused.violations()).extracting(v -> v.getField()).containsExactly("request_id");
  }

  @Test
  void createExport_sameRequestIdByAnotherPerson_isTheirOwnExport() {
    CreateExportRequest request = ExportNodes.plain(ExportNodes.newRequestId());

    Export mine = owner().createExport(request);
    Export theirs = nodes.exports(node, nodes.token(ExportNodes.ADMIN, "admin")).createExport(request);

    assertThat(theirs.getExportId()).isNotEqualTo(mine.getExportId());
  }

  @Test
  void createExport_tenantWideWithoutTheDisplayName_isConfirmationMismatch() {
    CreateExportRequest request = ExportNodes.plain(ExportNodes.newRequestId()).toBuilder()
        .setConfirmDisplayName("PT Acme").build();

    ErrorDetails refused = Failures.of(() -> owner().createExport(request));

    assertThat(refused.reason()).isEqualTo("CONFIRMATION_MISMATCH");
    assertThat(refused.violations()).extracting(v -> v.getField()).containsExactly("confirm_display_name");
  }

  @Test
  void createExport_subjectScope_needsNoConfirmationAndSubjectExportSuffices() {
    CreateExportRequest request = CreateExportRequest.newBuilder().setTenantId(TENANT)
        .setRequestId(ExportNodes.newRequestId())
        .setScope(Scope.newBuilder().addEntities("documents").setSubjectId("u-1"))
        .build();

    Export e = nodes.exports(node, nodes.token("rizky.pratama@acme.co.id", "support")).createExport(request);

    assertThat(e.getState()).isIn(ExportState.EXPORT_STATE_QUEUED, ExportState.EXPORT_STATE_RUNNING);
  }

  @Test
  void createExport_invalidFields_areAllNamed() {
    CreateExportRequest request = CreateExportRequest.newBuilder().setTenantId(TENANT)
        .setScope(Scope.newBuilder().addEntities("no_such_entity"))
        .setRecipientPublicKey("not a key")
        .build();

    ErrorDetails refused = Failures.of(() -> owner().createExport(request));

    assertThat(refused.violations()).extracting(v -> v.getField())
        .containsExactlyInAnyOrder("request_id", "scope.entities", "recipient_public_key");
  }

  @Test
  void getExport_unknownOrMalformedId_isNotFoundOrInvalid() {
    ErrorDetails unknown = Failures.of(() -> owner().getExport(GetExportRequest.newBuilder().setTenantId(TENANT)
        .setExportId("0123456789abcdef0123456789abcdef").build()));
    ErrorDetails malformed = Failures.of(() -> owner().getExport(GetExportRequest.newBuilder().setTenantId(TENANT)
        .setExportId("1").build()));

    assertThat(unknown.code()).isEqualTo("NOT_FOUND");
    assertThat(malformed.code()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void listExports_pagesNewestFirst_andFiltersByState() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.clock.advance(java.time.Duration.ofMillis(1));
      made.add(owner().createExport(ExportNodes.plain(ExportNodes.newRequestId())).getExportId());
    }
    List<String> listed = new ArrayList<>();
    String page = "";
    do {
      ListExportsResponse r = owner().listExports(ListExportsRequest.newBuilder().setTenantId(TENANT)
          .setPageSize(2).setPageToken(page).build());
      assertThat(r.getExportsCount()).isLessThanOrEqualTo(2);
      r.getExportsList().forEach(e -> listed.add(e.getExportId()));
      page = r.getNextPageToken();
    } while (!page.isEmpty());
    List<Export> cancelled = owner().listExports(ListExportsRequest.newBuilder().setTenantId(TENANT)
        .setState(ExportState.EXPORT_STATE_CANCELLED).build()).getExportsList();

    List<String> newestFirst = new ArrayList<>(made);
    java.util.Collections.reverse(newestFirst);
    assertThat(listed).doesNotHaveDuplicates();
    assertThat(listed.subList(0, 5)).containsExactlyElementsOf(newestFirst);
    assertThat(cancelled).allMatch(e -> e.getState() == ExportState.EXPORT_STATE_CANCELLED);
    assertThat(Failures.of(() -> owner().listExports(ListExportsRequest.newBuilder().setTenantId(TENANT)
        .setPageToken("bogus").build())).violations()).extracting(v -> v.getField()).containsExactly("page_token");
  }
}
