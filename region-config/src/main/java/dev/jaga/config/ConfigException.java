package dev.jaga.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown once, after validation, with every problem found in the region configuration. */
public final class ConfigException extends Exception {

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString)
        .collect(Collectors.joining("\n", "invalid region configuration:\n", "")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
