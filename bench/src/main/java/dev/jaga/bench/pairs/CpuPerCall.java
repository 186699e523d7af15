package dev.jaga.bench.pairs;

import static dev.jaga.bench.Text.fmt;

import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.UnaryLoad;
import java.util.List;

/**
 * CPU microseconds each process spent per call of one kind, metered over a fixed number of calls
 * made one after another: the home node and its PostgreSQL, the entry node and its PostgreSQL, the
 * bench's client. Negative where /proc cannot tell.
 */
record CpuPerCall(int calls, double homeNode, double homePostgres, double entryNode, double entryPostgres,
    double client) {
  static CpuPerCall of(UnaryLoad.Call call, int calls, CpuMeter home, CpuMeter entry) throws Exception {
    CpuMeter.Sample homeBefore = home.sample();
    CpuMeter.Sample entryBefore = entry.sample();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    CpuMeter.Sample h = home.sample().minus(homeBefore);
    CpuMeter.Sample e = entry.sample().minus(entryBefore);
    return new CpuPerCall(calls, micros(h.serverSeconds(), calls), micros(h.postgresSeconds(), calls),
        micros(e.serverSeconds(), calls), micros(e.postgresSeconds(), calls), micros(h.clientSeconds(), calls));
  }

  List<String> row(String label) {
    return List.of(label, text(homeNode), text(homePostgres), text(entryNode), text(entryPostgres), text(client));
  }

  private static double micros(double seconds, int calls) {
    return seconds < 0 ? -1 : seconds * 1e6 / calls;
  }

  private static String text(double micros) {
    return micros < 0 ? "n/a" : fmt("%,.0f", micros);
  }
}
