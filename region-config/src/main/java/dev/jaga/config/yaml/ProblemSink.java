package dev.jaga.config.yaml;

/** Receives the problems found while reading a configuration file, so that reading never stops at the first one. */
@FunctionalInterface
public interface ProblemSink {

  /**
   * Records one problem.
   *
   * @param file the file's name as the operator knows it, e.g. {@code regions.yaml}
   * @param line 1-based line, or 0 when the problem concerns the file as a whole
   * @param path dotted field path, e.g. {@code regions.id-jkt.grpc.listen}, or empty
   * @param message what is wrong and what to do about it
   */
  void report(String file, int line, String path, String message);
}
