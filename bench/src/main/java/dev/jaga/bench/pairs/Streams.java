package dev.jaga.bench.pairs;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.measure.StreamClient;
import java.util.List;
import java.util.function.Supplier;

/** The stream client every export pair uses, and the check that an export delivered every row. */
final class Streams {
  private Streams() {}

  static StreamClient client(BenchContext bench, String tenantId, Supplier<String> token)
      throws InterruptedException {
    return new StreamClient(bench.cluster().channel(bench.home().ready().endpoint()), token, tenantId,
        List.of(BenchContext.ENTITY));
  }

  /** Every row of the tenant must have arrived, or the throughput is of something else. */
  static void requireAll(StreamClient.Received received, long tenantRows) {
    if (!received.complete() || received.throughput().rows() != tenantRows) {
      throw new IllegalStateException("the stream delivered " + received.throughput().rows()
          + " records, the tenant has " + tenantRows);
    }
  }
}
