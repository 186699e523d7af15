package dev.jaga.client.cli;

import picocli.CommandLine.Command;

/** {@code jaga export}: take a tenant's data out of the product. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    subcommands = {
      ExportStreamCommand.class,
      ExportCreateCommand.class,
      ExportStatusCommand.class,
      ExportDecisionCommands.Approve.class,
      ExportDecisionCommands.Reject.class,
      ExportDecisionCommands.Cancel.class,
      ExportKeyCommand.class,
      ExportDownloadCommand.class,
      ExportVerifyCommand.class,
    },
    description = "Exports of a tenant's data: a stream, or an encrypted archive (create, status, approve,"
        + " reject, cancel, key, download, verify).")
final class ExportCommand {}
