package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;

import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.Tenant;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.Bearer;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.Latencies;
import dev.jaga.bench.measure.UnaryLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pair 3: {@code TenantService.GetTenant} on the real node over Netty with a real token, through
 * the whole interceptor chain and a durable audit event per call, against the same call on a bare
 * grpc-java server in the same JVM: throughput at 16 concurrent callers, p50 and p99; the ratio of
 * throughput is held to ≥ 0.4.
 */
public final class GovernedCallPair implements Pair {
  static final int CALLERS = 16;
  static final double TARGET = 0.4;

  @Override
  public int number() {
    return 3;
  }

  @Override
  public String title() {
    return "Governed unary call vs the same call on a bare gRPC server";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    Duration heat = Duration.ofSeconds(bench.quick() ? 4 : 15);
    Duration warmUp = Duration.ofSeconds(bench.quick() ? 2 : 5);
    Duration window = Duration.ofSeconds(bench.quick() ? 4 : 10);
    int rounds = bench.quick() ? 1 : 3;
    String governedEndpoint = bench.home().ready().endpoint();
    String bareEndpoint = "127.0.0.1:" + bench.home().bareServerPort();
    GetTenantRequest request = GetTenantRequest.newBuilder().setTenantId(BenchContext.TENANT).build();
    TenantServiceGrpc.TenantServiceBlockingStub governed =
        TenantServiceGrpc.newBlockingStub(bench.cluster().channel(governedEndpoint))
            .withCallCredentials(Bearer.of(bench.ownerToken()));
    TenantServiceGrpc.TenantServiceBlockingStub bare =
        TenantServiceGrpc.newBlockingStub(bench.cluster().channel(bareEndpoint));
    Tenant real = governed.getTenant(request);
    Tenant baseline = bare.getTenant(request);

    CpuMeter cpu = bench.cpu();
    // The governed path is far more code for the JIT to compile than the bare one: called hard for
    // a while first, so that the rounds compare two steady states, not a warm path with a warming one.
    UnaryLoad.run(() -> bare.getTenant(request), CALLERS, heat, Duration.ZERO, cpu);
    UnaryLoad.run(() -> governed.getTenant(request), CALLERS, heat, Duration.ZERO, cpu);
    List<Latencies> bareRuns = new ArrayList<>();
    List<Latencies> governedRuns = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      bareRuns.add(UnaryLoad.run(() -> bare.getTenant(request), CALLERS, warmUp, window, cpu));
      progress("pair 3 round %d/%d: bare     %s", round, rounds, describe(bareRuns.get(round - 1)));
      governedRuns.add(UnaryLoad.run(() -> governed.getTenant(request), CALLERS, warmUp, window, cpu));
      progress("pair 3 round %d/%d: governed %s", round, rounds, describe(governedRuns.get(round - 1)));
    }
    Latencies b = Latencies.median(bareRuns, Latencies::callsPerSecond);
    Latencies g = Latencies.median(governedRuns, Latencies::callsPerSecond);
    double ratio = g.callsPerSecond() / b.callsPerSecond();
    return new PairResult.Builder(this)
        .table(fmt("%d concurrent callers, each a blocking stub calling again as soon as answered; both servers"
                + " first called so for %d s each, then %d alternating round%s of %d s warm-up and %d s measured,"
                + " median round", CALLERS, heat.toSeconds(), rounds, rounds == 1 ? "" : "s", warmUp.toSeconds(),
                window.toSeconds()),
            List.of("path", "calls/s", "p50 (ms)", "p99 (ms)", "max (ms)", "calls", "errors",
                "CPU µs per call: PostgreSQL / node / client", "every round (calls/s)"),
            List.of(row("bare grpc-java server, `GetTenant` answering a fixed record (no interceptors, no token,"
                    + " no database, no audit)", b, bareRuns),
                row("Jaga node, `GetTenant(" + BenchContext.TENANT + ")` with a bearer token: the whole interceptor"
                    + " chain, tenant look-up, durable audit event", g, governedRuns)))
        .figure("callers", CALLERS)
        .figure("bareRounds", bareRuns)
        .figure("governedRounds", governedRuns)
        .figure("bare", b)
        .figure("governed", g)
        .figure("ratio", ratio)
        .figure("responseBytes", List.of(baseline.getSerializedSize(), real.getSerializedSize()))
        .verdict(Verdict.of("governed call throughput ÷ bare call throughput (16 callers)", ratio, "×",
            Verdict.Direction.AT_LEAST, TARGET, fmt("%,.0f vs %,.0f calls/s; p99 %.2f vs %.2f ms",
                g.callsPerSecond(), b.callsPerSecond(), g.p99Millis(), b.p99Millis())))
        .note("Both servers run in the node's JVM (the bare one on its own port) and are called over Netty on"
            + " loopback from the bench's JVM, one channel each; the answers are the same message,"
            + fmt(" %d bytes bare, %d bytes governed.", baseline.getSerializedSize(), real.getSerializedSize()))
        .note("The rate limiter runs on every governed call, but the bench lifts its per-principal and per-tenant"
            + " rates (50 and 200 calls/s in region-config/access.yaml) so that it admits every call: the pair"
            + " measures what the perimeter costs, not the policy. Every governed call leaves an audit event"
            + " that is durable (group-committed) before the answer is released.")
        .note("The token's signature is verified once and then remembered until the token expires; the tenant's"
            + " row comes from the node's memory of the tenant rows, which PostgreSQL keeps current by announcing"
            + " every change (LISTEN/NOTIFY). Neither shortcut is taken by the baseline, which has nothing to check.")
        .note("CPU per call is each process's CPU time in the measured window divided by the calls completed in it;"
            + " the node's JVM includes both servers, but only one of them is called at a time. Where the three add"
            + " up to much less than two cores × the window, callers were waiting on something other than CPU"
            + " (for the governed call: the audit batch's commit reaching disk).")
        .build();
  }

  static String describe(Latencies l) {
    return fmt("%,.0f calls/s, p50 %.2f ms, p99 %.2f ms, %,d calls, %d errors; CPU µs/call %s", l.callsPerSecond(),
        l.p50Millis(), l.p99Millis(), l.calls(), l.errors(), cpu(l));
  }

  /** CPU per call of PostgreSQL, the node's JVM and the bench's (client) JVM: where the time goes. */
  static String cpu(Latencies l) {
    if (l.cpu().postgresSeconds() < 0) {
      return "n/a";
    }
    return fmt("%.0f / %.0f / %.0f", l.microsPerCall(l.cpu().postgresSeconds()),
        l.microsPerCall(l.cpu().serverSeconds()), l.microsPerCall(l.cpu().clientSeconds()));
  }

  private static List<String> row(String label, Latencies l, List<Latencies> runs) {
    return List.of(label, fmt("%,.0f", l.callsPerSecond()), fmt("%.2f", l.p50Millis()), fmt("%.2f", l.p99Millis()),
        fmt("%.2f", l.maxMillis()), fmt("%,d", l.calls()), fmt("%d", l.errors()), cpu(l),
        runs.stream().map(x -> fmt("%,.0f", x.callsPerSecond())).collect(Collectors.joining(", ")));
  }
}
