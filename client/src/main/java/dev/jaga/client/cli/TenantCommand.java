package dev.jaga.client.cli;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.CancelTenantDeletionRequest;
import dev.jaga.api.v1.CreateTenantRequest;
import dev.jaga.api.v1.DeleteTenantRequest;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.client.JagaClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jaga tenant}: create and inspect tenants. */
@Command(
    name = "tenant",
    mixinStandardHelpOptions = true,
    description = "Tenants: look up, create, delete (scheduled), cancel a deletion.")
final class TenantCommand {
  @Spec CommandSpec spec;

  @Command(name = "get", description = "A tenant's attributes and state.")
  int get(@Mixin Connection connection, @Parameters(paramLabel = "TENANT") String tenantId) {
    try (JagaClient client = connection.open()) {
      print(client.tenants().getTenant(GetTenantRequest.newBuilder().setTenantId(tenantId).build()));
      return 0;
    }
  }

  @Command(name = "create", description = "Register a tenant in its home region.")
  int create(
      @Mixin Connection connection,
      @Option(names = "--id", required = true, paramLabel = "TENANT") String tenantId,
      @Option(names = "--name", required = true, paramLabel = "DISPLAY NAME") String name,
      @Option(names = "--home", required = true, paramLabel = "REGION") String home,
      @Option(
              names = "--request-id",
              paramLabel = "ID",
              description = "Reuse to retry safely (default: a new UUID).")
          String requestId) {
    try (JagaClient client = connection.open()) {
      print(
          client.tenants().createTenant(
              CreateTenantRequest.newBuilder()
                  .setTenantId(tenantId)
                  .setDisplayName(name)
                  .setHomeRegion(home)
                  .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
                  .build()));
      return 0;
    }
  }

  @Command(
      name = "delete",
      description = "Schedule a tenant's deletion: PENDING_DELETION for the grace period, then purged.")
  int delete(
      @Mixin Connection connection,
      @Option(names = "--tenant", required = true, paramLabel = "TENANT") String tenantId,
      @Option(
              names = "--confirm",
              required = true,
              paramLabel = "DISPLAY NAME",
              description = "The tenant's display name, typed exactly, to confirm.")
          String confirm,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.") String reason) {
    try (JagaClient client = connection.open()) {
      print(
          client.tenants().deleteTenant(
              DeleteTenantRequest.newBuilder()
                  .setTenantId(tenantId)
                  .setConfirmDisplayName(confirm)
                  .setReason(reason != null ? reason : "")
                  .build()));
      return 0;
    }
  }

  @Command(name = "cancel-deletion", description = "Cancel a scheduled deletion during its grace period.")
  int cancelDeletion(
      @Mixin Connection connection,
      @Option(names = "--tenant", required = true, paramLabel = "TENANT") String tenantId) {
    try (JagaClient client = connection.open()) {
      print(
          client.tenants().cancelTenantDeletion(
              CancelTenantDeletionRequest.newBuilder().setTenantId(tenantId).build()));
      return 0;
    }
  }

  private void print(Tenant t) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s  \"%s\"  home %s  %s  preset %s  created %s%s%n",
        t.getTenantId(),
        t.getDisplayName(),
        t.getHomeRegion(),
        t.getState().name().substring("TENANT_STATE_".length()),
        t.getResidencyPreset(),
        format(t.getCreateTime()),
        t.hasPurgeTime() ? "  purge " + format(t.getPurgeTime()) : "");
    out.flush();
  }

  private static String format(Timestamp ts) {
    return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()).toString();
  }
}
