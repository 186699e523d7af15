package dev.jaga.server.exportjob;

import dev.jaga.server.archive.ArchiveCancelledException;
import dev.jaga.server.archive.ArchiveJob;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.archive.ArchiveProgress;
import dev.jaga.server.archive.ProducedArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer for tests that writes a first part of its file, reports progress, then holds until
 * the test releases it (or the job is cancelled, its lease lost, or its node stopped), so that a
 * job can be caught mid-way; released, it writes the real archive. Counts how often it ran.
 */
final class GatedProducer implements ArchiveProducer {
  private final ArchiveProducer inner;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch left = new CountDownLatch(1);
  final AtomicInteger runs = new AtomicInteger();
  volatile Path lastPartial;

  GatedProducer(ArchiveProducer inner) {
    this.inner = inner;
  }

  @Override
  public ProducedArchive produce(ArchiveJob job, Path target, ArchiveProgress progress) throws IOException {
    runs.incrementAndGet();
    lastPartial = target;
    Files.write(target, new byte[] {'p', 'a', 'r', 't', 'i', 'a', 'l'});
    progress.advanced(0, 3, 42, 7);
    entered.countDown();
    try {
      while (!release.await(20, TimeUnit.MILLISECONDS)) {
        if (progress.cancelled()) {
          throw new ArchiveCancelledException("stopped while held");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveCancelledException("interrupted while held");
    }
    try {
      return inner.produce(job, target, progress);
    } finally {
      left.countDown();
    }
  }

  /** Waits until a released job has left the producer (returned or thrown). */
  void awaitLeft() throws InterruptedException {
    if (!left.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the released job never left the producer");
    }
  }

  /** Waits until a job is held inside the producer. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("no job reached the producer");
    }
  }

  void release() {
    release.countDown();
  }
}
