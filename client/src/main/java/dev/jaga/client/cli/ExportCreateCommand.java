package dev.jaga.client.cli;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportFormats;
import dev.jaga.api.v1.Scope;
import dev.jaga.client.JagaClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaga export create}: request an encrypted archive of a tenant's data. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Request an encrypted archive. It waits for approval when policy asks for a second person,"
          + " else it is queued and a node of the tenant's region writes it.",
      "A tenant-wide export needs --confirm with the tenant's display name."
    })
final class ExportCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The tenant to export.")
  String tenantId;

  @Option(names = "--entities", split = ",", paramLabel = "ENTITY", description = "Only these entities (default: all).")
  List<String> entities = List.of();

  @Option(names = "--subject", paramLabel = "ID", description = "Only this data subject's records.")
  String subjectId;

  @Option(names = "--from", paramLabel = "ISO-8601", converter = ExportStreamCommand.InstantConverter.class,
      description = "Rows whose time key is at or after this.")
  Instant from;

  @Option(names = "--until", paramLabel = "ISO-8601", converter = ExportStreamCommand.InstantConverter.class,
      description = "Rows whose time key is before this.")
  Instant until;

  @Option(names = "--csv", description = "Also write a CSV file beside each entity's JSON.")
  boolean csv;

  @Option(names = "--attachments", description = "Include attachment files.")
  boolean attachments;

  @Option(names = "--confirm", paramLabel = "DISPLAY NAME",
      description = "The tenant's display name, typed to confirm a tenant-wide export.")
  String confirm = "";

  @Option(names = "--recipient-key", paramLabel = "FILE",
      description = "Encrypt to this ASCII-armored OpenPGP public key instead of a passphrase.")
  Path recipientKey;

  @Option(names = "--purpose", paramLabel = "TEXT", description = "Why the export is needed (for the approver).")
  String purpose = "";

  @Option(names = "--request-id", paramLabel = "ID",
      description = "Makes retries safe: the same id returns the same export (default: a new UUID).")
  String requestId = UUID.randomUUID().toString();

  @Option(names = "--wait", description = "Then follow the job with a progress bar until it finishes.")
  boolean waitForIt;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Scope.Builder scope = Scope.newBuilder().addAllEntities(entities);
    if (subjectId != null) {
      scope.setSubjectId(subjectId);
    }
    if (from != null) {
      scope.setFromTime(ArchiveView.timestamp(from));
    }
    if (until != null) {
      scope.setUntilTime(ArchiveView.timestamp(until));
    }
    CreateExportRequest.Builder request = CreateExportRequest.newBuilder()
        .setTenantId(tenantId)
        .setScope(scope)
        .setFormats(ExportFormats.newBuilder().setCsv(csv).setAttachments(attachments))
        .setRequestId(requestId)
        .setConfirmDisplayName(confirm)
        .setPurpose(purpose);
    if (recipientKey != null) {
      request.setRecipientPublicKey(Files.readString(recipientKey));
    }
    try (JagaClient client = connection.open()) {
      Export e = client.exports().createExport(request.build());
      ArchiveView.print(spec.commandLine().getOut(), e);
      if (waitForIt) {
        e = ExportStatusCommand.follow(client, e, spec.commandLine().getErr());
        ArchiveView.print(spec.commandLine().getOut(), e);
      }
      return e.getState() == dev.jaga.api.v1.ExportState.EXPORT_STATE_FAILED ? 1 : 0;
    }
  }
}
