package dev.jaga.server.app;

import com.nimbusds.jose.jwk.ECKey;
import dev.jaga.client.JagaClient;
import dev.jaga.config.Region;
import dev.jaga.server.auth.DevTokens;
import dev.jaga.server.demo.DemoTenants;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mints tokens the test nodes trust, the way {@code ./jaga token} does for the dev nodes. */
public record TestIssuer(ECKey key) {
  public String token(String user, Map<String, List<String>> roles) {
    return token(user, roles, Duration.ZERO);
  }

  public String token(String user, Map<String, List<String>> roles, Duration authAge) {
    return DevTokens.mint(
        key, new DevTokens.Request(user, roles, authAge, Duration.ofHours(1)), Clock.systemUTC());
  }

  /** A token holding one role on one tenant. */
  public String token(String user, String tenant, String role) {
    return token(user, Map.of(tenant, List.of(role)));
  }

  /** An analyst of every demo tenant: may read, nothing more. */
  public String readerOfAllDemoTenants() {
    return token(
        "auditor@jaga.test",
        Map.of(
            "acme-id", List.of("analyst"),
            "sinar-id", List.of("analyst"),
            "merlion-sg", List.of("analyst"),
            "fjord-eu", List.of("analyst")));
  }

  /** The demo person's own roles, as ./jaga token would grant them. */
  public String tokenOf(DemoTenants.DemoPerson person) {
    Map<String, List<String>> roles = new java.util.LinkedHashMap<>();
    person.rolesByTenant().forEach((tenant, role) -> roles.put(tenant, List.of(role)));
    return token(person.email(), roles);
  }

  public JagaClient client(Region region, String token) {
    return JagaClient.over(TestClusters.channel(region), Optional.of(token));
  }
}
