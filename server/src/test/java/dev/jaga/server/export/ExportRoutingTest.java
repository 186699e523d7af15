package dev.jaga.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.DataClass;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.demo.DemoTenants;
import dev.jaga.server.residency.IndependentResidency;
import dev.jaga.server.residency.RoutingScopes;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The classes an export is routed by are those of the columns it lets out, read independently. */
class ExportRoutingTest {
  private final RegionConfig config = TestClusters.realConfig();
  private final IndependentResidency yaml = new IndependentResidency();
  private final ExportRouting routing = new ExportRouting(config, new ExportAccess(config));

  @Test
  void classify_everyTenantAndScope_isTheClassesOfTheExportedColumns() {
    for (DemoTenants.DemoTenant tenant : DemoTenants.all()) {
      for (RoutingScopes scope : RoutingScopes.all(yaml)) {
        StreamExportRequest request =
            StreamExportRequest.newBuilder().setTenantId(tenant.id()).setScope(scope.scope(yaml)).build();
        Set<String> classified = new TreeSet<>();
        for (DataClass c : routing.classify(request).classes()) {
          classified.add(c.name().toLowerCase(Locale.ROOT));
        }
        assertThat(classified)
            .as("%s %s", tenant.id(), scope.name())
            .isEqualTo(yaml.exportedClasses(tenant.id(), scope.entities()))
            .doesNotContain("secret");
      }
    }
  }
}
