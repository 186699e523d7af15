package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.Latencies;
import dev.jaga.bench.measure.UnaryLoad;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pair 4: a call sent to an entry region that is not the tenant's home (sg-sin), which forwards it
 * to the home region (id-jkt), against the same call sent to id-jkt directly: p50 and p99 with one
 * caller; the forwarded p50 is held to ≤ 1.5× the direct one. While the entry region does not
 * forward the call (WRONG_REGION, UNIMPLEMENTED), the pair reports the direct half alone.
 */
public final class ForwardedCallPair implements Pair {
  /** The region the forwarded call enters at; the bench starts its node beside the home region's. */
  public static final String ENTRY = "sg-sin";
  static final double TARGET = 1.5;
  /** Callers that heat both paths before anything is measured. */
  private static final int HEAT_CALLERS = 4;

  @Override
  public int number() {
    return 4;
  }

  @Override
  public String title() {
    return "Forwarded call (entry region ≠ home) vs the same call sent to the home region";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    Duration heat = Duration.ofSeconds(bench.quick() ? 2 : 30);
    Duration warmUp = Duration.ofSeconds(1);
    Duration window = Duration.ofSeconds(bench.quick() ? 3 : 6);
    int rounds = bench.quick() ? 1 : 5;
    var entryNode = bench.cluster().node(ENTRY);
    String entryEndpoint = entryNode.ready().endpoint();
    Candidate call = pick(bench, Candidate.all(bench, bench.home().ready().endpoint(), entryEndpoint));
    String refusal = null;
    try {
      call.forwarded().run();
    } catch (StatusRuntimeException e) {
      refusal = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
          : ": " + e.getStatus().getDescription());
    }

    // The entry node has served nothing before this pair (the home node all of pairs 1-3): both
    // paths are first called hard enough, by several callers, for each JVM to compile them. On two
    // cores the entry's compiler needs about half a minute to work through its hot paths; with
    // less, the forwarded call was still getting faster from round to round.
    UnaryLoad.run(call.direct(), HEAT_CALLERS, heat, Duration.ZERO, bench.cpu());
    if (refusal == null) {
      UnaryLoad.run(call.forwarded(), HEAT_CALLERS, heat, Duration.ZERO, bench.cpu());
    }
    List<Latencies> directRuns = new ArrayList<>();
    List<Latencies> forwardedRuns = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      directRuns.add(UnaryLoad.run(call.direct(), 1, warmUp, window, bench.cpu()));
      progress("pair 4 round %d/%d: direct    %s", round, rounds, GovernedCallPair.describe(directRuns.get(round - 1)));
      if (refusal == null) {
        forwardedRuns.add(UnaryLoad.run(call.forwarded(), 1, warmUp, window, bench.cpu()));
        progress("pair 4 round %d/%d: forwarded %s", round, rounds,
            GovernedCallPair.describe(forwardedRuns.get(round - 1)));
      }
    }
    Latencies d = Latencies.median(directRuns, Latencies::p50Millis);
    PairResult.Builder result = new PairResult.Builder(this).figure("call", call.label()).figure("direct", d);
    Latencies f = null;
    if (refusal == null) {
      f = Latencies.median(forwardedRuns, Latencies::p50Millis);
      result.figure("forwarded", f)
          .verdict(Verdict.of("forwarded p50 ÷ direct p50", f.p50Millis() / d.p50Millis(), "×",
              Verdict.Direction.AT_MOST, TARGET, fmt("p50 %.2f vs %.2f ms; p99 %.2f vs %.2f ms",
                  f.p50Millis(), d.p50Millis(), f.p99Millis(), d.p99Millis())));
    } else {
      progress("pair 4: %s answered %s; the forwarded half is not measured", ENTRY, refusal);
      result.status(PairResult.Status.BASELINE_ONLY)
          .figure("forwardedRefusal", refusal)
          .verdict(Verdict.notMeasured("forwarded p50 ÷ direct p50", "×", Verdict.Direction.AT_MOST, TARGET,
              ENTRY + " answered " + refusal + ": this build does not forward yet"));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("direct: " + call.label() + " sent to the home region id-jkt", d));
    rows.add(f != null ? row("forwarded: the same call sent to " + ENTRY + ", which forwards it to id-jkt", f)
        : List.of("forwarded: the same call sent to " + ENTRY, "not measured yet", "", "", "", "", ""));
    result.table(fmt("One caller, one call after another over Netty (loopback); both paths first called by %d callers"
                + " for %d s each, then %d alternating round%s of %d s warm-up and %d s measured, the round with the"
                + " median p50", HEAT_CALLERS, heat.toSeconds(), rounds, rounds == 1 ? "" : "s", warmUp.toSeconds(),
                window.toSeconds()),
            List.of("path", "p50 (ms)", "p99 (ms)", "max (ms)", "calls/s", "calls", "errors"), rows)
        .note("Both nodes run in their own JVMs on this machine; both calls carry the same token and go through"
            + " the whole perimeter with a durable audit event.");
    if (f != null) {
      explainCpu(bench, call, CpuMeter.of(entryNode.pid(), entryNode.ready().pgData()), result);
    }
    return result.build();
  }

  /**
   * Where the forwarded call's extra time comes from: the CPU each process spends per call of each
   * kind, metered after the timed windows (so it does not disturb them).
   */
  private static void explainCpu(BenchContext bench, Candidate call, CpuMeter entry, PairResult.Builder result)
      throws Exception {
    int calls = bench.quick() ? 100 : 300;
    CpuPerCall direct = CpuPerCall.of(call.direct(), calls, bench.cpu(), entry);
    CpuPerCall forwarded = CpuPerCall.of(call.forwarded(), calls, bench.cpu(), entry);
    progress("pair 4: CPU µs per call (home node / home PostgreSQL / entry node / entry PostgreSQL): direct %s, "
        + "forwarded %s", String.join(" / ", direct.row("").subList(1, 5)),
        String.join(" / ", forwarded.row("").subList(1, 5)));
    result.figure("cpuPerDirectCall", direct).figure("cpuPerForwardedCall", forwarded)
        .table(fmt("CPU per call (µs), metered over %d calls of each kind after the timed windows", calls),
            List.of("path", "home node", "home PostgreSQL", ENTRY + " node", ENTRY + " PostgreSQL", "client"),
            List.of(direct.row("direct"), forwarded.row("forwarded")))
        .note("A forwarded call costs the home region what a direct call does, plus the entry region's own work:"
            + " its perimeter (token, rate limit, authorization, directory), the proxy, and its own audit event"
            + " of the call, written behind the answer in batches (the home region's event, durable before it"
            + " answers, is the call's record). Both regions share this machine's cores, so whatever the entry does"
            + " while the home region works adds to the latency too.");
  }

  /** The first candidate the home region answers; its forwarded half is tried separately. */
  private static Candidate pick(BenchContext bench, List<Candidate> candidates) {
    StatusRuntimeException last = null;
    for (Candidate c : candidates) {
      try {
        c.direct().run();
        return c;
      } catch (StatusRuntimeException e) {
        last = e;
        progress("pair 4: the home region answered %s to %s; trying the next call", e.getStatus().getCode(),
            c.label());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    throw last;
  }

  private static List<String> row(String label, Latencies l) {
    return List.of(label, fmt("%.2f", l.p50Millis()), fmt("%.2f", l.p99Millis()), fmt("%.2f", l.maxMillis()),
        fmt("%,.0f", l.callsPerSecond()), fmt("%,d", l.calls()), fmt("%d", l.errors()));
  }
}
