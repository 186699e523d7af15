package dev.jaga.server.residency;

import dev.jaga.api.v1.AuditEvent;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.ListAuditEventsRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestIssuer;
import java.util.ArrayList;
import java.util.List;

/** One region's audit events of one actor, method and tenant, read through the AuditService. */
final class AuditTrail {
  private AuditTrail() {}

  static List<AuditEvent> of(TestIssuer issuer, String token, Node node, String tenant, String actor, String method) {
    try (JagaClient client = issuer.client(node.region(), token)) {
      List<AuditEvent> out = new ArrayList<>();
      AuditServiceGrpc.newBlockingStub(client.channel())
          .withInterceptors(client.credentials())
          .listAuditEvents(
              ListAuditEventsRequest.newBuilder()
                  .setTenantId(tenant)
                  .setActor(actor)
                  .setMethod(method)
                  .setLimit(10_000)
                  .build())
          .forEachRemaining(out::add);
      return out;
    }
  }
}
