package dev.jaga.server.auth;

import dev.jaga.config.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an RPC needs: the capabilities on the tenant its request names (none for calls that
 * concern no tenant), and whether the person must have authenticated recently.
 */
public record MethodPolicy(Set<Capability> capabilities, boolean freshAuthentication) {
  public MethodPolicy {
    capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
  }

  public static MethodPolicy anyAuthenticated() {
    return new MethodPolicy(Set.of(), false);
  }

  public static MethodPolicy needs(Capability... capabilities) {
    return new MethodPolicy(Set.of(capabilities), false);
  }

  public static MethodPolicy needsFresh(Capability... capabilities) {
    return new MethodPolicy(Set.of(capabilities), true);
  }

  /** Whether the call concerns a tenant, whose id its request must then name. */
  public boolean tenantScoped() {
    return !capabilities.isEmpty();
  }
}
