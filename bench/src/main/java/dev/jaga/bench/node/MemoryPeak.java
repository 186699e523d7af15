package dev.jaga.bench.node;

/**
 * The node process's memory peaks over one sampled interval, in bytes: heap used (sampled every
 * 50 ms), heap left after each garbage collection ({@code heapAfterGc} 0 if none ran), and
 * resident set size (-1 where /proc is not available; {@code rssHighWaterMark} says whether the
 * kernel's own peak, reset at the start, is included), with the heap and RSS at the start.
 */
public record MemoryPeak(
    long heapUsed, long heapAfterGc, long rss, boolean rssHighWaterMark, int samples, int collections,
    long heapAtStart, long rssAtStart) {

  /** What the process held: the peak left after a collection, or the peak used if none ran. */
  public long heapHeld() {
    return collections > 0 ? heapAfterGc : heapUsed;
  }

  /** The larger of each figure, for several intervals reported as one. */
  public MemoryPeak max(MemoryPeak o) {
    return new MemoryPeak(
        Math.max(heapUsed, o.heapUsed),
        Math.max(heapAfterGc, o.heapAfterGc),
        Math.max(rss, o.rss),
        rssHighWaterMark && o.rssHighWaterMark,
        samples + o.samples,
        collections + o.collections,
        Math.min(heapAtStart, o.heapAtStart),
        Math.min(rssAtStart, o.rssAtStart));
  }
}
