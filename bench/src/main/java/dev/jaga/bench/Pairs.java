package dev.jaga.bench;

import dev.jaga.bench.pairs.ArchivePair;
import dev.jaga.bench.pairs.ForwardedCallPair;
import dev.jaga.bench.pairs.GovernedCallPair;
import dev.jaga.bench.pairs.MemoryPair;
import dev.jaga.bench.pairs.ScalingPair;
import dev.jaga.bench.pairs.StreamExportPair;
import java.util.List;
import java.util.Optional;

/**
 * Every pair the bench runs, in the order it runs them. Scaling comes last because it seeds the
 * largest tenant, which the other pairs do not need.
 */
final class Pairs {
  private Pairs() {}

  static List<Pair> all() {
    return List.of(
        new StreamExportPair(),
        new ArchivePair(Optional.of(ArchivePair.createExport())),
        new GovernedCallPair(),
        new ForwardedCallPair(),
        new MemoryPair(),
        new ScalingPair());
  }
}
