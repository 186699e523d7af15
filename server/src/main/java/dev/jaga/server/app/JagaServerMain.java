package dev.jaga.server.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the server binary: {@code jaga dev}, {@code jaga node} and {@code jaga token}
 * (the client's commands live in the client module).
 */
@Command(
    name = "jaga",
    mixinStandardHelpOptions = true,
    subcommands = {DevCommand.class, NodeCommand.class, TokenCommand.class},
    description = "Jaga: governed export, erasure and audit of tenant data.")
public final class JagaServerMain implements Runnable {
  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(new CommandLine(new JagaServerMain()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
