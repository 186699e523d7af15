package dev.jaga.config;

import dev.jaga.config.yaml.ProblemSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems from all three files so that one start-up attempt reports everything at once. */
final class Problems implements ProblemSink {

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<String> files = new ArrayList<>();

  @Override
  public void report(String file, int line, String path, String message) {
    if (!files.contains(file)) {
      files.add(file);
    }
    problems.add(new ConfigProblem(file, line, path, message));
  }

  int count() {
    return problems.size();
  }

  /** Problems grouped by file in the order the files were read, then by line; the sort is stable. */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt((ConfigProblem p) -> files.indexOf(p.file())).thenComparingInt(ConfigProblem::line));
    return out;
  }

  void throwIfAny() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(sorted());
    }
  }
}
