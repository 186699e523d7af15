package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;
import static dev.jaga.bench.Text.mib;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Text;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.StreamClient;
import dev.jaga.bench.node.NodeHandle;
import java.time.Duration;
import java.util.List;

/**
 * Pair 5: the node's peak heap and RSS while it streams the whole tenant to a client that reads
 * one chunk at a time and dawdles over each, against the same export read at full speed; the slow
 * reader's peaks are held to within 64 MiB of the fast reader's.
 */
public final class MemoryPair implements Pair {
  static final Duration PER_CHUNK = Duration.ofMillis(20);
  static final long HEADROOM = 64 * BenchContext.MIB;

  @Override
  public int number() {
    return 5;
  }

  @Override
  public String title() {
    return "Server memory: a slow reader vs a full-speed reader of the same export";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    NodeHandle node = bench.home();
    CpuMeter cpu = bench.cpu();
    StreamClient stream = Streams.client(bench, BenchContext.TENANT, bench::ownerToken);
    progress("pair 5: slow reader, one chunk per %d ms, to the end", PER_CHUNK.toMillis());
    Measured slow = Measured.run(node, cpu, () -> stream.slow(PER_CHUNK, Duration.ofDays(1)));
    Streams.requireAll(new StreamClient.Received(slow.throughput(), slow.chunks(), 0, slow.complete()),
        bench.tenantRows());
    progress("pair 5: slow %s; %s", Text.describe(slow.throughput()), memory(slow));
    Measured fast = Measured.run(node, cpu, stream::fast);
    progress("pair 5: fast %s; %s", Text.describe(fast.throughput()), memory(fast));

    double heapDelta = (slow.memory().heapUsed() - fast.memory().heapUsed()) / (double) BenchContext.MIB;
    double rssDelta = (slow.memory().rss() - fast.memory().rss()) / (double) BenchContext.MIB;
    return new PairResult.Builder(this)
        .table(fmt("The node's own JVM (%s, %s), %,d rows of `%s`, each export from a collected heap",
                node.ready().jvmArgs().isBlank() ? "default flags" : node.ready().jvmArgs(), node.ready().gc(),
                bench.tenantRows(), BenchContext.ENTITY),
            List.of("reader", "seconds", "peak heap used", "peak heap after GC", "GCs", "peak RSS",
                "RSS at start", "heap at start"),
            List.of(row(fmt("slow: one chunk at a time, %d ms over each, %,d chunks", PER_CHUNK.toMillis(),
                    slow.chunks()), slow),
                row(fmt("full speed, %,d chunks", fast.chunks()), fast)))
        .figure("perChunkMillis", PER_CHUNK.toMillis())
        .figure("slow", slow)
        .figure("fast", fast)
        .verdict(Verdict.of("server peak heap, slow reader − full-speed reader", heapDelta, "MiB",
            Verdict.Direction.AT_MOST, 64, fmt("%s vs %s", mib(slow.memory().heapUsed()), mib(fast.memory().heapUsed()))))
        .verdict(Verdict.of("server peak RSS, slow reader − full-speed reader", rssDelta, "MiB",
            Verdict.Direction.AT_MOST, 64, fmt("%s vs %s", mib(slow.memory().rss()), mib(fast.memory().rss()))))
        .note("The node runs in its own JVM, so these are the server's figures alone: the clients live in the"
            + " bench's JVM, PostgreSQL in its own processes. The node samples its heap every 50 ms and records"
            + " what each collection left; RSS is the larger of VmRSS sampled every 50 ms and the kernel's peak"
            + " VmHWM, reset through /proc/self/clear_refs when sampling starts.")
        .note("The slow reader runs first, then the full-speed one, both after pair 1 has warmed the node. Before"
            + " each export the node collects its garbage, which lets G1 hand heap back to the operating system, so"
            + " RSS at the start differs between runs; the peak is the comparable figure: what the process needed"
            + " while the export ran.")
        .note("Heap used right before a collection is mostly garbage and follows the allocation rate (a fast"
            + " reader makes garbage faster); heap after GC is what was still held, and it is what would grow if"
            + " the server buffered for a slow client.")
        .build();
  }

  private static String memory(Measured m) {
    return fmt("heap peak %s, after GC %s, RSS %s", mib(m.memory().heapUsed()), mib(m.memory().heapAfterGc()),
        mib(m.memory().rss()));
  }

  private static List<String> row(String label, Measured m) {
    return List.of(label, fmt("%.1f", m.throughput().seconds()), mib(m.memory().heapUsed()),
        m.memory().collections() == 0 ? "no GC ran" : mib(m.memory().heapAfterGc()),
        Integer.toString(m.memory().collections()), mib(m.memory().rss()), mib(m.memory().rssAtStart()),
        mib(m.memory().heapAtStart()));
  }
}
