package dev.jaga.client.cli;

import picocli.CommandLine.Command;

/** {@code jaga export}: take a tenant's data out of the product. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    subcommands = {ExportStreamCommand.class, ExportVerifyCommand.class},
    description = "Exports of a tenant's data.")
final class ExportCommand {}
