package dev.jaga.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.client.ErrorDetails;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorMappingInterceptorTest {
  /** What a careless service might let escape: SQL and another tenant's id. */
  private static final String LEAKY = "ERROR: relation app.contacts where tenant_id = 'rival-co'";

  private Server server;
  private ManagedChannel channel;

  /** A service that fails in every way a service can. */
  private static final class FailingService extends TenantServiceGrpc.TenantServiceImplBase {
    @Override
    public void getTenant(GetTenantRequest request, StreamObserver<Tenant> response) {
      switch (request.getTenantId()) {
        case "throws" -> throw new IllegalStateException(LEAKY);
        case "on-error" -> response.onError(new IllegalStateException(LEAKY));
        case "jaga" -> throw JagaException.invalidField("tenant_id", "bad id");
        default -> response.onError(Status.INTERNAL.withDescription(LEAKY).asRuntimeException());
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    String name = UUID.randomUUID().toString();
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                ServerInterceptors.intercept(new FailingService(), new ErrorMappingInterceptor()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void unexpectedFailure_becomesInternalWithAnErrorIdAndNoDetail() {
    for (String how : new String[] {"throws", "on-error", "status"}) {
      StatusRuntimeException e = call(how);
      ErrorDetails details = ErrorDetails.of(e);

      assertThat(e.getStatus().getCode()).as(how).isEqualTo(Status.Code.INTERNAL);
      assertThat(details.reason()).isEqualTo("INTERNAL_ERROR");
      assertThat(details.metadata().get("error_id")).isNotBlank();
      assertThat(details.message()).contains(details.metadata().get("error_id"));
      assertThat(e.getStatus().getDescription() + details.message())
          .doesNotContain("rival-co", "relation", "IllegalStateException", "at dev.jaga");
    }
  }

  @Test
  void domainFailure_keepsItsCodeReasonAndField() {
    StatusRuntimeException e = call("jaga");
    ErrorDetails details = ErrorDetails.of(e);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(details.reason()).isEqualTo("INVALID_FIELD");
    assertThat(details.violations()).hasSize(1);
    assertThat(details.violations().get(0).getField()).isEqualTo("tenant_id");
  }

  private StatusRuntimeException call(String tenantId) {
    return catchThrowableOfType(
        StatusRuntimeException.class,
        () ->
            TenantServiceGrpc.newBlockingStub(channel)
                .getTenant(GetTenantRequest.newBuilder().setTenantId(tenantId).build()));
  }
}
