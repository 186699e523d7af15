package dev.jaga.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.client.ErrorDetails;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every v1 RPC, called by the owner of another tenant on acme-id's tenant id and object ids, and
 * on ids that do not exist: nothing of acme-id comes back, and the two answers cannot be told apart.
 */
class CrossTenantMatrixTest {
  private static final String VICTIM = "acme-id";
  private static final String PLACEHOLDER = "<tenant>";

  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();

  @Test
  void everyRpc_otherTenantsToken_isIndistinguishableFromNonexistent() {
    // The attacker owns merlion-sg and is fresh: the strongest token another tenant can hold.
    String attacker = issuer.token("weiling@merlion.test", "merlion-sg", "owner");
    List<String> checked = new ArrayList<>();
    for (Node entry : cluster.nodes()) {
      ManagedChannel channel = TestClusters.channel(entry.region());
      try {
        for (MethodDescriptor<?, ?> method : tenantScopedMethods()) {
          String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
          Outcome onVictim = call(channel, method, attacker, VICTIM);
          Outcome onGhost = call(channel, method, attacker, ghost);

          String where = method.getFullMethodName() + " at " + entry.region().id();
          assertThat(onVictim.ok()).as("%s served the other tenant", where).isFalse();
          assertThat(onVictim.code()).as(where).isEqualTo("NOT_FOUND");
          assertThat(onVictim.normalized(VICTIM))
              .as("%s: not yours vs does not exist", where)
              .isEqualTo(onGhost.normalized(ghost));
          checked.add(where);
        }
      } finally {
        channel.shutdownNow();
      }
    }
    assertThat(checked).hasSize(cluster.nodes().size() * tenantScopedMethods().size());
  }

  @Test
  void everyRpc_victimsOwnOwner_isNotRefusedAsNotFound() {
    // The control: the same sweep with acme-id's owner must not be refused at the perimeter,
    // so the matrix above fails if authorization stops looking at the tenant.
    String owner = issuer.token("budi@acme.test", VICTIM, "owner");
    ManagedChannel channel = TestClusters.channel(cluster.node("id-jkt").region());
    try {
      for (MethodDescriptor<?, ?> method : tenantScopedMethods()) {
        Outcome outcome = call(channel, method, owner, VICTIM);
        assertThat(outcome.reason())
            .as(method.getFullMethodName())
            .isNotIn("PERMISSION_DENIED", "UNAUTHENTICATED");
        if (method.getFullMethodName().endsWith("/GetTenant")
            || method.getFullMethodName().endsWith("/ResolveTenant")) {
          assertThat(outcome.ok()).as(method.getFullMethodName()).isTrue();
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static List<MethodDescriptor<?, ?>> tenantScopedMethods() {
    return Stream.of(
            DirectoryServiceGrpc.getServiceDescriptor(),
            TenantServiceGrpc.getServiceDescriptor(),
            ExportServiceGrpc.getServiceDescriptor(),
            ErasureServiceGrpc.getServiceDescriptor(),
            AuditServiceGrpc.getServiceDescriptor())
        .map(ServiceDescriptor::getMethods)
        .flatMap(java.util.Collection::stream)
        .filter(m -> MethodPolicies.of(m.getFullMethodName()).map(MethodPolicy::tenantScoped).orElse(false))
        .sorted(java.util.Comparator.comparing(MethodDescriptor::getFullMethodName))
        .<MethodDescriptor<?, ?>>map(m -> m)
        .toList();
  }

  private record Outcome(boolean ok, String code, String reason, String message) {
    /** The answer with the tenant id taken out, for comparison between two ids. */
    String normalized(String tenantId) {
      return code + "|" + reason + "|" + message.replace(tenantId, PLACEHOLDER);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Outcome call(ManagedChannel channel, MethodDescriptor method, String token, String tenantId) {
    Message request = request(method, tenantId);
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
    io.grpc.Channel authed =
        io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    try {
      if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
        Iterator<?> it = ClientCalls.blockingServerStreamingCall(authed, method, CallOptions.DEFAULT, request);
        while (it.hasNext()) {
          it.next();
        }
      } else {
        ClientCalls.blockingUnaryCall(authed, method, CallOptions.DEFAULT, request);
      }
      return new Outcome(true, "OK", "", "");
    } catch (StatusRuntimeException e) {
      ErrorDetails details = ErrorDetails.of(e);
      return new Outcome(false, details.code(), details.reason(), details.message());
    }
  }

  /** The method's request with its tenant id, and every object id a random one. */
  private static Message request(MethodDescriptor<?, ?> method, String tenantId) {
    Message prototype =
        (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
    Message.Builder builder = prototype.toBuilder();
    for (FieldDescriptor field : prototype.getDescriptorForType().getFields()) {
      if (field.getName().equals("tenant_id")) {
        builder.setField(field, tenantId);
      } else if (field.getName().endsWith("_id") && field.getType() == FieldDescriptor.Type.STRING) {
        builder.setField(field, UUID.randomUUID().toString().replace("-", ""));
      }
    }
    return builder.build();
  }
}
