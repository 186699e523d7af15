package dev.jaga.client.archive;

import java.util.Optional;

/**
 * One file of an archive checked against manifest.json: what the manifest says, what the file is,
 * and what differs ({@code problem} empty when the file is as listed).
 */
public record FileCheck(
    String name,
    String kind,
    Optional<Long> expectedRows,
    Optional<Long> actualRows,
    long expectedBytes,
    long actualBytes,
    String expectedSha256,
    String actualSha256,
    Optional<String> problem) {

  public boolean ok() {
    return problem.isEmpty();
  }
}
