package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The archive's hand-off to its second thread: order kept, memory bounded, a failure over there
 * stops the archive here, and an abandoned archive's thread stops writing.
 */
class WriterThreadTest {
  @Test
  void handedOverBuffers_areWrittenInOrder_andAllComeBack() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (WriterThread writer = new WriterThread("test-writer")) {
      for (int i = 0; i < 100; i++) {
        byte[] buffer = writer.buffer();
        int length = 1 + i * 100;
        for (int j = 0; j < length; j++) {
          buffer[j] = (byte) (i + j);
        }
        expected.write(buffer, 0, length);
        writer.write(buffer, length, out::write);
        if (i % 10 == 0) {
          int marker = i;
          writer.submit(() -> out.write(marker));
          expected.write(marker);
        }
      }
      writer.finish();
      assertThat(writer.freeBuffers()).isEqualTo(WriterThread.BUFFERS);
    }
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void stream_writesEverythingInOrder_handingOverFullBuffersAndWhatFlushFinds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (WriterThread writer = new WriterThread("test-writer")) {
      java.io.OutputStream stream = writer.stream(out);
      byte[] chunk = new byte[10_007];
      for (int i = 0; i < 300; i++) {
        java.util.Arrays.fill(chunk, (byte) i);
        stream.write(chunk, 0, 1 + i * 31);
        expected.write(chunk, 0, 1 + i * 31);
        stream.write(i);
        expected.write(i);
        if (i % 50 == 0) {
          stream.flush();
        }
      }
      stream.flush();
      writer.finish();
    }
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void slowWriter_holdsAtMostBUFFERS_theReaderCannotBorrowMore() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WriterThread writer = new WriterThread("test-writer")) {
      writer.submit(() -> await(gate));
      for (int i = 0; i < WriterThread.BUFFERS; i++) {
        byte[] buffer = writer.buffer();
        buffer[0] = (byte) i;
        writer.write(buffer, 1, out::write);
      }
      // Every buffer is in flight behind the blocked step: the next borrow has to wait for one.
      assertThat(writer.freeBuffers()).isZero();
      gate.countDown();
      byte[] next = writer.buffer();
      next[0] = (byte) WriterThread.BUFFERS;
      writer.write(next, 1, out::write);
      writer.finish();
    }
    assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void failedStep_skipsEverythingAfter_andFinishThrowsIt() throws Exception {
    AtomicBoolean ranAfter = new AtomicBoolean();
    CountDownLatch gate = new CountDownLatch(1);
    try (WriterThread writer = new WriterThread("test-writer")) {
      writer.submit(() -> {
        await(gate);
        throw new IOException("No space left on device");
      });
      writer.submit(() -> ranAfter.set(true));
      gate.countDown();
      assertThatThrownBy(writer::finish).isInstanceOf(IOException.class).hasMessageContaining("No space left");
    }
    assertThat(ranAfter).isFalse();
  }

  @Test
  void afterAFailure_theNextHandOverThrows_evenWhileTheReaderWaitsForABuffer() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    try (WriterThread writer = new WriterThread("test-writer")) {
      writer.submit(() -> {
        failed.countDown();
        throw new IllegalStateException("cipher broke");
      });
      failed.await();
      // The failing step may still be unwinding; the reader learns of it at its next hand-over.
      Throwable thrown = null;
      for (int i = 0; i < 1_000 && thrown == null; i++) {
        try {
          writer.write(writer.buffer(), 1, (b, o, l) -> {});
        } catch (IOException e) {
          thrown = e;
        }
      }
      assertThat(thrown).isNotNull().hasMessageContaining("cipher broke");
      assertThatThrownBy(writer::finish).isInstanceOf(IOException.class);
    }
  }

  @Test
  void close_abandonsWhatIsQueued_andReturnsOnlyOnceTheThreadStopped() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean ranAfter = new AtomicBoolean();
    AtomicBoolean lastWriteDone = new AtomicBoolean();
    AtomicReference<Thread> thread = new AtomicReference<>();
    WriterThread writer = new WriterThread("test-writer");
    writer.submit(() -> {
      thread.set(Thread.currentThread());
      started.countDown();
      try {
        new CountDownLatch(1).await(); // until close() interrupts
      } catch (InterruptedException e) {
        // A step that is slow to notice (a write under way) finishes it first; close() must wait.
        sleepUninterruptibly(200);
        lastWriteDone.set(true);
      }
    });
    writer.submit(() -> ranAfter.set(true));
    started.await();
    writer.close();
    assertThat(lastWriteDone).as("close() returned while the thread still wrote").isTrue();
    assertThat(thread.get().isAlive()).isFalse();
    assertThat(ranAfter).isFalse();
  }

  private static void sleepUninterruptibly(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    for (long left = millis; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException ignored) {
        // keep sleeping
      }
    }
  }

  @Test
  void interruptedWhileWaitingForABuffer_isACancellation() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (WriterThread writer = new WriterThread("test-writer")) {
      writer.submit(() -> await(gate));
      for (int i = 0; i < WriterThread.BUFFERS; i++) {
        writer.write(writer.buffer(), 0, (b, o, l) -> {});
      }
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        try {
          writer.buffer();
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      reader.start();
      reader.interrupt();
      reader.join();
      assertThat(thrown.get()).isInstanceOf(ArchiveCancelledException.class);
      gate.countDown();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new ArchiveCancelledException("interrupted");
    }
  }
}
