package dev.jaga.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code callers} threads each make one blocking call after another, first for
 * a warm-up, then for the measured window, whose calls alone are counted and timed.
 */
public final class UnaryLoad {
  /** One call; it throws if the call failed. */
  @FunctionalInterface
  public interface Call {
    void run() throws Exception;
  }

  private UnaryLoad() {}

  /** Runs the load; {@code cpu} is sampled at the start and the end of the measured window. */
  public static Latencies run(Call call, int callers, Duration warmUp, Duration measured, CpuMeter cpu)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long measureUntil = measureFrom + measured.toNanos();
    List<long[]> perCaller = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(callers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      long[][] slot = {new long[1024]};
      int[] count = {0};
      Thread t = new Thread(() -> {
        try {
          long now;
          while ((now = System.nanoTime()) < measureUntil) {
            try {
              call.run();
            } catch (Exception e) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, e);
              continue;
            }
            long end = System.nanoTime();
            if (now >= measureFrom && end <= measureUntil) {
              if (count[0] == slot[0].length) {
                slot[0] = Arrays.copyOf(slot[0], slot[0].length * 2);
              }
              slot[0][count[0]++] = end - now;
            }
          }
        } finally {
          synchronized (perCaller) {
            perCaller.add(Arrays.copyOf(slot[0], count[0]));
          }
          done.countDown();
        }
      }, "bench-caller-" + i);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    sleepUntil(measureFrom);
    CpuMeter.Sample before = cpu.sample();
    sleepUntil(measureUntil);
    CpuMeter.Sample spent = cpu.sample().minus(before);
    done.await();
    if (errors.get() > 0 && perCaller.stream().mapToInt(a -> a.length).sum() == 0) {
      throw new IllegalStateException("every call failed: " + firstError.get().getMessage(), firstError.get());
    }
    long[] all = perCaller.stream().flatMapToLong(Arrays::stream).toArray();
    return Latencies.of(all, errors.get(), measured.toNanos() / 1e9, spent);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }
}
