package dev.jaga.client.archive;

import java.util.List;
import java.util.Map;

/**
 * The result of checking an archive against its manifest: every listed file, and the problems
 * that concern the archive as a whole (a missing manifest, a file the manifest does not list).
 */
public record ArchiveReport(String exportId, String tenantId, Map<String, Long> rows, List<FileCheck> files, List<String> problems) {
  public ArchiveReport {
    rows = Map.copyOf(rows);
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }

  /** True when the manifest was read and every file matches it, with nothing missing or extra. */
  public boolean ok() {
    return problems.isEmpty() && files.stream().allMatch(FileCheck::ok);
  }
}
