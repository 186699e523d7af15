package dev.jaga.client.cli;

import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CancelExportRequest;
import dev.jaga.api.v1.RejectExportRequest;
import dev.jaga.client.JagaClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaga export approve | reject | cancel}: a person's decision on an export. */
final class ExportDecisionCommands {
  private ExportDecisionCommands() {}

  /** What the three commands share: where, as whom, which export. */
  abstract static class OnExport implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The export's tenant.")
    String tenantId;

    @Parameters(paramLabel = "EXPORT_ID", description = "The export.")
    String exportId;
  }

  /** {@code jaga export approve}. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve an export waiting for a second person (you need export:approve; not your own).")
  static final class Approve extends OnExport {
    @Option(names = "--comment", paramLabel = "TEXT", description = "A note for the audit log.")
    String comment = "";

    @Override
    public Integer call() {
      try (JagaClient client = connection.open()) {
        ArchiveView.print(spec.commandLine().getOut(), client.exports().approveExport(ApproveExportRequest.newBuilder()
            .setTenantId(tenantId).setExportId(exportId).setComment(comment).build()));
        return 0;
      }
    }
  }

  /** {@code jaga export reject}. */
  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject an export waiting for approval; it never runs.")
  static final class Reject extends OnExport {
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; shown to the requester.")
    String reason;

    @Override
    public Integer call() {
      try (JagaClient client = connection.open()) {
        ArchiveView.print(spec.commandLine().getOut(), client.exports().rejectExport(RejectExportRequest.newBuilder()
            .setTenantId(tenantId).setExportId(exportId).setReason(reason).build()));
        return 0;
      }
    }
  }

  /** {@code jaga export cancel}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel an unfinished export; a running job stops and its partial output is destroyed.")
  static final class Cancel extends OnExport {
    @Override
    public Integer call() {
      try (JagaClient client = connection.open()) {
        ArchiveView.print(spec.commandLine().getOut(), client.exports().cancelExport(CancelExportRequest.newBuilder()
            .setTenantId(tenantId).setExportId(exportId).build()));
        return 0;
      }
    }
  }
}
