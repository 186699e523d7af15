package dev.jaga.client.cli;

import dev.jaga.api.v1.ClassPlacement;
import dev.jaga.api.v1.ListRegionsRequest;
import dev.jaga.api.v1.ListRegionsResponse;
import dev.jaga.api.v1.Region;
import dev.jaga.api.v1.ResolveTenantRequest;
import dev.jaga.api.v1.ResolveTenantResponse;
import dev.jaga.client.JagaClient;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jaga directory}: where tenants live, and the regions of the deployment. */
@Command(name = "directory", mixinStandardHelpOptions = true, description = "Directory look-ups.")
final class DirectoryCommand {
  @Spec CommandSpec spec;

  @Command(name = "resolve", description = "A tenant's home region and where each class may live.")
  int resolve(@Mixin Connection connection, @Parameters(paramLabel = "TENANT") String tenantId) {
    try (JagaClient client = connection.open()) {
      ResolveTenantResponse r =
          client.directory().resolveTenant(
              ResolveTenantRequest.newBuilder().setTenantId(tenantId).build());
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%s lives in %s (%s), preset %s; answered by %s%s%n",
          r.getTenantId(),
          r.getHomeRegion().getId(),
          r.getHomeRegion().getEndpoint(),
          r.getResidencyPreset(),
          r.getAnsweredByRegion(),
          r.getAuthoritative() ? "" : " (learned from its home region; cached up to a minute)");
      for (ClassPlacement p : r.getPlacementsList()) {
        out.printf(
            "  %-10s %-16s export %-8s allowed in %s%s%n",
            p.getDataClass().name().substring("DATA_CLASS_".length()).toLowerCase(Locale.ROOT),
            p.getRule(),
            p.getExportPolicy(),
            String.join(", ", p.getAllowedRegionsList()),
            p.getAnonymizedOnly() ? " (elsewhere anonymized only)" : "");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "regions", description = "The regions of the deployment.")
  int regions(@Mixin Connection connection) {
    try (JagaClient client = connection.open()) {
      ListRegionsResponse r = client.directory().listRegions(ListRegionsRequest.getDefaultInstance());
      PrintWriter out = spec.commandLine().getOut();
      for (Region region : r.getRegionsList()) {
        out.printf(
            "%-7s %s  %-22s %-16s %s%s%n",
            region.getId(),
            region.getCountry(),
            String.join(",", region.getGroupsList()),
            region.getEndpoint(),
            region.getActive() ? "active" : "declared only",
            region.getId().equals(r.getThisRegion()) ? "  <- answered" : "");
      }
      out.flush();
      return 0;
    }
  }
}
