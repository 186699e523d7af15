package dev.jaga.config;

/** One thing wrong with the region configuration: where it is (file, line, field path) and what to do about it. */
public record ConfigProblem(String file, int line, String path, String message) {

  /** Renders as {@code residency.yaml:14: presets.x.classes.personal.where: message}, omitting a zero line or empty path. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
