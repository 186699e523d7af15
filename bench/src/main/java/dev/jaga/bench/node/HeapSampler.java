package dev.jaga.bench.node;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Samples the node JVM's heap and resident set every 50 ms while a measurement runs, and records
 * the heap left after each garbage collection; it runs inside the node's own process.
 */
// Heap used right before a collection is mostly garbage, so the after-GC figure is the one that
// shows whether what the server holds grows with the export. RSS comes from /proc: the kernel's
// own high-water mark (VmHWM, reset at start through clear_refs) catches peaks between samples.
final class HeapSampler implements AutoCloseable {
  static final long PERIOD_MILLIS = 50;

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-heap-sampler");
        t.setDaemon(true);
        return t;
      });
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener onGc = this::collected;
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong peakRss = new AtomicLong(-1);
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private boolean hwmReset;
  private long heapAtStart;
  private long rssAtStart;

  private HeapSampler() {}

  /** Starts sampling now. */
  static HeapSampler start() {
    HeapSampler sampler = new HeapSampler();
    sampler.hwmReset = resetHighWaterMark();
    sampler.heapAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    sampler.rssAtStart = status("VmRSS:");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(sampler.onGc, null, null);
        sampler.emitters.add(emitter);
      }
    }
    sampler.sample();
    sampler.timer.scheduleAtFixedRate(sampler::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return sampler;
  }

  /** Stops sampling and returns the peaks seen. */
  MemoryPeak stop() {
    close();
    sample();
    if (hwmReset) {
      peakRss.accumulateAndGet(status("VmHWM:"), Math::max);
    }
    return new MemoryPeak(
        peakUsed.get(), peakAfterGc.get(), peakRss.get(), hwmReset, (int) samples.get(),
        (int) collections.get(), heapAtStart, rssAtStart);
  }

  /** Heap used right now, after asking for a full collection: the floor a run starts from. */
  static long settledHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(onGc);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // Already removed by an earlier close.
      }
    }
    emitters.clear();
  }

  private void sample() {
    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    peakRss.accumulateAndGet(status("VmRSS:"), Math::max);
    samples.incrementAndGet();
  }

  private void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        MemoryUsage usage = pool.getValue();
        after += usage.getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(after, Math::max);
    collections.incrementAndGet();
  }

  /** "5" resets the peak resident set size (Linux 4.0+); false where that is not allowed. */
  private static boolean resetHighWaterMark() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** One size line of /proc/self/status (Linux), in bytes; -1 elsewhere. */
  private static long status(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Not Linux, or /proc hidden: RSS is simply not reported.
    }
    return -1;
  }
}
