package dev.jaga.server.app;

import dev.jaga.config.ConfigException;
import dev.jaga.config.RegionConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every server command shares, and its loading. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "DIR",
      description = "Directory holding regions.yaml, residency.yaml and catalog.yaml"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "region-config")
  Path dir;

  /** Loads and validates the configuration; a bad file ends the process with its problems. */
  RegionConfig load() {
    try {
      return RegionConfig.load(dir);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw new IllegalStateException("unreachable");
    }
  }
}
