package dev.jaga.client.cli;

import dev.jaga.client.ErrorDetails;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code jaga} command line for people and scripts calling Jaga (client side). */
@Command(
    name = "jaga",
    mixinStandardHelpOptions = true,
    // Every subcommand, down to `jaga erase subject`, answers --help and --version too.
    scope = ScopeType.INHERIT,
    subcommands = {DirectoryCommand.class, TenantCommand.class, ExportCommand.class, EraseCommand.class},
    description = "Call Jaga: directory look-ups, tenants, exports and erasure.")
public final class JagaCli implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Jaga's errors printed as their reason and fields, not a stack trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new JagaCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof StatusRuntimeException sre) {
                ErrorDetails details = ErrorDetails.of(sre);
                cmd.getErr().println(details.describe());
                if (details.reason().isEmpty() && details.code().equals("UNAVAILABLE")) {
                  cmd.getErr().println(
                      "  the node could not be reached: is `./jaga dev` running, and is the"
                          + " endpoint right?");
                }
                return 1;
              }
              throw e;
            });
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
