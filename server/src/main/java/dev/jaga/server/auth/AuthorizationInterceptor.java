package dev.jaga.server.auth;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Access;
import dev.jaga.config.Capability;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.grpc.FirstMessageInterceptor;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.TenantIds;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/**
 * Lets a call through only if its principal holds, on the tenant the request names, the
 * capability its method declares ({@link MethodPolicies}), with a fresh enough authentication where
 * required. A tenant the principal has no role on answers NOT_FOUND, exactly like one that does
 * not exist.
 */
public final class AuthorizationInterceptor extends FirstMessageInterceptor {
  private final Access access;
  private final Clock clock;
  private final PolicyRefinements refinements;

  @Inject
  public AuthorizationInterceptor(RegionConfig config, Clock clock, PolicyRefinements refinements) {
    this.access = config.access();
    this.clock = clock;
    this.refinements = refinements;
  }

  @Override
  protected <Q, R> Verdict judge(ServerCall<Q, R> call, Metadata headers, Q request) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<CallRecord> record = CallRecord.current();
    Optional<String> tenant = MethodPolicies.tenantOf(request);
    tenant.ifPresent(t -> record.ifPresent(r -> r.tenant(t)));
    MethodPolicies.requestIdOf(request).ifPresent(id -> record.ifPresent(r -> r.requestId(id)));
    Principal principal =
        AuthenticationInterceptor.current()
            .orElseThrow(() -> JagaException.unauthenticated(ErrorReason.UNAUTHENTICATED, "no credentials"));
    MethodPolicy declared =
        MethodPolicies.of(method)
            .orElseThrow(
                () -> JagaException.of(
                    Status.Code.PERMISSION_DENIED,
                    ErrorReason.PERMISSION_DENIED,
                    "no access policy is declared for " + method));
    if (declared.tenantScoped()) {
      String tenantId = TenantIds.require(tenant.orElse(""));
      Set<String> roles = principal.rolesOn(tenantId);
      if (roles.isEmpty()) {
        // Not yours and does not exist must look the same.
        throw JagaException.notFound("tenant " + tenantId);
      }
      // Some requests need more than their method does, e.g. an export touching sensitive data.
      MethodPolicy policy = refinements.refine(method, request, declared);
      Set<Capability> granted = access.capabilitiesOf(roles);
      for (Capability needed : policy.capabilities()) {
        if (!granted.contains(needed)) {
          throw new JagaException(
              Status.Code.PERMISSION_DENIED,
              ErrorReason.PERMISSION_DENIED,
              "your roles on " + tenantId + " (" + String.join(", ", roles.stream().sorted().toList())
                  + ") do not grant " + needed.id(),
              Map.of("capability", needed.id(), "tenant_id", tenantId),
              List.of());
        }
      }
      if (policy.freshAuthentication()) {
        requireFresh(principal);
      }
    }
    record.ifPresent(CallRecord::allow);
    return new Verdict.Allow(Context.current());
  }

  private void requireFresh(Principal principal) {
    Duration window = access.freshAuthentication();
    boolean fresh =
        principal.authTime().map(t -> !t.isBefore(clock.instant().minus(window))).orElse(false);
    if (!fresh) {
      throw JagaException.unauthenticated(
          ErrorReason.REAUTH_REQUIRED,
          "this operation needs an authentication less than " + window.toMinutes()
              + " minutes old; sign in again and retry with the new token");
    }
  }
}
