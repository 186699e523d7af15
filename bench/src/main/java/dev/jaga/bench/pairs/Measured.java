package dev.jaga.bench.pairs;

import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.StreamClient;
import dev.jaga.bench.measure.Throughput;
import dev.jaga.bench.node.MemoryPeak;
import dev.jaga.bench.node.NodeHandle;

/** A stream export together with the node process's memory peaks and the CPU spent while it ran. */
record Measured(Throughput throughput, long chunks, boolean complete, MemoryPeak memory) {
  /** An export that the bench runs while the node samples its own heap and RSS. */
  @FunctionalInterface
  interface Export {
    StreamClient.Received run() throws Exception;
  }

  /** Collects the node's garbage first, so every export starts from the same floor. */
  static Measured run(NodeHandle node, CpuMeter cpu, Export export) throws Exception {
    node.gc();
    node.heapStart();
    CpuMeter.Sample before = cpu.sample();
    StreamClient.Received received;
    try {
      received = export.run();
    } catch (Exception e) {
      // Stop sampling all the same, so the node is ready for the next command.
      node.heapStop();
      throw e;
    }
    CpuMeter.Sample spent = cpu.sample().minus(before);
    MemoryPeak memory = node.heapStop();
    return new Measured(received.throughput().withCpu(spent), received.chunks(), received.complete(), memory);
  }
}
