package dev.jaga.bench;

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
 * Samples this JVM's heap every 50 ms while a stream runs, and records the heap left after each
 * garbage collection. Heap used right before a collection is mostly garbage, so the after-GC figure
 * is the one that shows whether what the server holds grows with the export.
 */
final class HeapSampler implements AutoCloseable {
  static final long PERIOD_MILLIS = 50;

  /** Peaks over one sampled interval, in bytes; RSS is -1 where /proc is not available. */
  record Peak(long heapUsed, long heapAfterGc, long rss, int samples, int collections) {}

  private static final Path STATUS = Path.of("/proc/self/status");

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

  private HeapSampler() {}

  /** Starts sampling now. */
  static HeapSampler start() {
    HeapSampler sampler = new HeapSampler();
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
  Peak stop() {
    close();
    sample();
    return new Peak(
        peakUsed.get(), peakAfterGc.get(), peakRss.get(), (int) samples.get(), (int) collections.get());
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
    peakRss.accumulateAndGet(rss(), Math::max);
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

  /** Resident set size from /proc (Linux), in bytes; -1 elsewhere. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Not Linux, or /proc hidden: RSS is simply not reported.
    }
    return -1;
  }
}
