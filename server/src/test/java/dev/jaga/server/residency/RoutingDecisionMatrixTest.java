package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.config.DataClass;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.demo.DemoTenants;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The router's decision for every demo tenant × every declared region as the entry (id-sby too,
 * which the dev cluster does not run) × scopes touching different classes, against the decision
 * computed independently from the YAML files. The end-to-end twin is {@link RoutingEndToEndTest}.
 */
class RoutingDecisionMatrixTest {
  private final RegionConfig config = TestClusters.realConfig();
  private final IndependentResidency yaml = new IndependentResidency();

  @Test
  void decide_everyTenantEntryAndScope_matchesTheIndependentReading() {
    Map<String, Integer> seen = new HashMap<>();
    for (DemoTenants.DemoTenant tenant : DemoTenants.all()) {
      for (String entry : config.regions().byId().keySet()) {
        ResidencyRouter router = new ResidencyRouter(config, config.regions().require(entry));
        for (RoutingScopes scope : RoutingScopes.all(yaml)) {
          Set<String> classes = yaml.exportedClasses(tenant.id(), scope.entities());
          String expected = yaml.decision(tenant.id(), tenant.homeRegion(), entry, classes);
          assertThat(router.decide(tenant.id(), tenant.homeRegion(), dataClasses(classes)).name())
              .as("%s entering %s, %s %s", tenant.id(), entry, scope.name(), classes)
              .isEqualTo(expected);
          seen.merge(expected, 1, Integer::sum);
        }
        // Job status carries no tenant data: forwarded from anywhere.
        assertThat(router.decide(tenant.id(), tenant.homeRegion(), Set.of()).name())
            .isEqualTo(yaml.decision(tenant.id(), tenant.homeRegion(), entry, Set.of()));
      }
    }
    assertThat(seen).containsKeys("LOCAL", "FORWARD", "REDIRECT");
  }

  @Test
  void decide_acmeTelemetryOverride_narrowsWhatTheInCountryPresetForwards() {
    // acme-id takes the in-country preset, whose telemetry may be processed anywhere in Indonesia,
    // but its override keeps telemetry in Jakarta: from Surabaya, activity_log is no longer forwarded.
    Set<String> activityLog = yaml.exportedClasses("acme-id", java.util.List.of("activity_log"));
    assertThat(activityLog).contains("telemetry");
    assertThat(yaml.allowedRegions("sinar-id", "id-jkt", "telemetry")).contains("id-sby");
    ResidencyRouter surabaya = new ResidencyRouter(config, config.regions().require("id-sby"));
    assertThat(yaml.decision("acme-id", "id-jkt", "id-sby", activityLog)).isEqualTo("REDIRECT");
    assertThat(surabaya.decide("acme-id", "id-jkt", dataClasses(activityLog)).name()).isEqualTo("REDIRECT");
    Set<String> teams = yaml.exportedClasses("acme-id", java.util.List.of("teams"));
    assertThat(surabaya.decide("acme-id", "id-jkt", dataClasses(teams)).name()).isEqualTo("FORWARD");
    // A tenant on the same preset without the override would be forwarded the same telemetry.
    assertThat(yaml.decision("no-override-tenant", "id-jkt", "id-sby", activityLog)).isEqualTo("FORWARD");
    assertThat(surabaya.decide("no-override-tenant", "id-jkt", dataClasses(activityLog)).name()).isEqualTo("FORWARD");
  }

  static Set<DataClass> dataClasses(Set<String> names) {
    Set<DataClass> out = EnumSet.noneOf(DataClass.class);
    names.forEach(n -> out.add(DataClass.valueOf(n.toUpperCase(Locale.ROOT))));
    return out;
  }
}
