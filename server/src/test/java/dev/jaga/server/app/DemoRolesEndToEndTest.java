package dev.jaga.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.server.demo.DemoTenants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tokens printed by `jaga token` work against the nodes for every demo person and role. */
class DemoRolesEndToEndTest {
  private final DevCluster cluster = TestClusters.shared();

  @Test
  void jagaToken_everyDemoPerson_readsEachOfTheirTenantsInItsHomeRegion() {
    Path key = TestClusters.sharedIssuerKeyFile();
    List<String> served = new ArrayList<>();
    for (DemoTenants.DemoPerson person : DemoTenants.people()) {
      List<String> args = new ArrayList<>(List.of("token", "--user", person.email(), "--key", key.toString()));
      person.rolesByTenant().forEach((tenant, role) -> args.addAll(List.of("--grant", tenant + ":" + role)));
      String token = run(args.toArray(String[]::new));

      for (Map.Entry<String, String> grant : person.rolesByTenant().entrySet()) {
        String tenant = grant.getKey();
        String home = DemoTenants.all().stream().filter(t -> t.id().equals(tenant)).findFirst().orElseThrow().homeRegion();
        try (JagaClient client = TestClusters.sharedIssuer().client(cluster.node(home).region(), token)) {
          assertThat(client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(tenant).build())
                  .getTenantId())
              .isEqualTo(tenant);
          assertThat(client.directory().resolveTenant(ResolveTenantRequest.newBuilder().setTenantId(tenant).build())
                  .getHomeRegion().getId())
              .isEqualTo(home);
          served.add(person.email() + "@" + tenant + ":" + grant.getValue());
        }
      }
    }
    assertThat(served).anyMatch(s -> s.endsWith(":owner")).anyMatch(s -> s.endsWith(":admin"))
        .anyMatch(s -> s.endsWith(":analyst")).anyMatch(s -> s.endsWith(":support"))
        .anyMatch(s -> s.endsWith(":agency"));
  }

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true));
      assertThat(new CommandLine(new JagaServerMain()).execute(args)).isZero();
    } finally {
      System.setOut(old);
    }
    return out.toString().strip();
  }
}
