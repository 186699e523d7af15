package dev.jaga.server.auth;

import dev.jaga.config.Capability;
import java.util.Optional;

/**
 * What an RPC needs: the capability on the tenant its request names (none for calls that concern
 * no tenant), and whether the person must have authenticated recently.
 */
public record MethodPolicy(Optional<Capability> capability, boolean freshAuthentication) {
  public static MethodPolicy anyAuthenticated() {
    return new MethodPolicy(Optional.empty(), false);
  }

  public static MethodPolicy needs(Capability capability) {
    return new MethodPolicy(Optional.of(capability), false);
  }

  public static MethodPolicy needsFresh(Capability capability) {
    return new MethodPolicy(Optional.of(capability), true);
  }
}
