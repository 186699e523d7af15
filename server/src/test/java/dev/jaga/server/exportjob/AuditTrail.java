package dev.jaga.server.exportjob;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.ListAuditEventsRequest;
import dev.jaga.client.JagaClient;
import java.util.List;

/** An export's timeline as the audit API shows it. */
final class AuditTrail {
  private AuditTrail() {}

  /** The timeline kinds ({@code export.*}) of acme-id's audit events about {@code exportId}, in chain order. */
  static List<String> of(JagaClient client, String exportId) {
    return events(client, exportId).stream().map(AuditEvent::getMethod).filter(m -> m.startsWith("export.")).toList();
  }

  static List<AuditEvent> events(JagaClient client, String exportId) {
    List<AuditEvent> out = new java.util.ArrayList<>();
    AuditServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
        .listAuditEvents(ListAuditEventsRequest.newBuilder().setTenantId(ExportNodes.TENANT).setLimit(10_000).build())
        .forEachRemaining(e -> {
          if (e.getScope().contains("export=" + exportId)) {
            out.add(e);
          }
        });
    return out;
  }
}
