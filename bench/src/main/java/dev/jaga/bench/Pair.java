package dev.jaga.bench;

/**
 * One performance claim measured beside its baseline, on the same data, in the same run. Each pair
 * is a class under {@code pairs/}, listed in {@link Pairs}; its result is a {@link PairResult}.
 */
public interface Pair {
  /** The pair's number in issue 8 and design §9 (1 stream, 2 archive, 3 governed call, ...). */
  int number();

  String title();

  /**
   * Measures both halves (or, while one half is not built yet, the baseline alone, with its
   * verdicts {@link Verdict.Outcome#NOT_MEASURED}).
   */
  PairResult run(BenchContext bench) throws Exception;
}
