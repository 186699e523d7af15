package dev.jaga.server.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A thread of one archive's that runs the steps handed to it in the order they were handed over:
 * one such thread deflates into the ZIP, another encrypts and writes the file, while the job's own
 * thread reads the database and writes JSON. Two cores then share what one did alone.
 *
 * <p>Bounded: content travels in at most {@link #BUFFERS} buffers of {@link #BUFFER_SIZE} bytes,
 * borrowed with {@link #buffer()} and returned once written, so a slow disk stalls the reader
 * instead of filling the heap. Failures travel back: once a step throws, every later step is
 * skipped and the next {@link #buffer()}, {@link #submit} or {@link #finish()} throws it, so an
 * archive whose writing failed can never be completed. {@link #close()} without {@link #finish()}
 * abandons the rest and returns only once the thread has stopped touching the file.
 */
final class WriterThread implements AutoCloseable {
  /** One step of writing, run on this thread. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException;
  }

  /** Writes a buffer's first {@code length} bytes somewhere. */
  @FunctionalInterface
  interface Target {
    void write(byte[] buffer, int offset, int length) throws IOException;
  }

  static final int BUFFER_SIZE = 1 << 16;
  static final int BUFFERS = 8;
  /** How long a wait lasts before it looks again whether the thread is still there. */
  private static final long WAIT_MILLIS = 200;

  private record Task(Step step, byte[] buffer) {}

  private static final Task END = new Task(() -> {}, null);

  private final BlockingQueue<Task> tasks = new ArrayBlockingQueue<>(2 * BUFFERS);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean abandoned;
  private boolean ended;

  WriterThread(String name) {
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER_SIZE]);
    }
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** An empty buffer to fill and hand back with {@link #write}; waits while all are in flight. */
  byte[] buffer() throws IOException {
    try {
      while (true) {
        rethrow();
        byte[] buffer = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (buffer != null) {
          return buffer;
        }
        requireAlive();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveCancelledException("interrupted while waiting for the archive writer");
    }
  }

  /** Hands over a buffer from {@link #buffer()}: its first {@code length} bytes go to {@code target}. */
  void write(byte[] buffer, int length, Target target) throws IOException {
    enqueue(new Task(() -> target.write(buffer, 0, length), buffer));
  }

  /**
   * A stream whose bytes this thread writes to {@code target}, in buffers handed over as they fill;
   * {@link OutputStream#flush()} hands over a partly filled one (it does not flush {@code target}).
   * For one writing thread at a time; {@code close()} is a flush.
   */
  OutputStream stream(OutputStream target) {
    return new OutputStream() {
      private byte[] buffer;
      private int filled;

      @Override
      public void write(int b) throws IOException {
        if (buffer == null) {
          buffer = buffer();
        }
        buffer[filled++] = (byte) b;
        if (filled == buffer.length) {
          flush();
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (buffer == null) {
            buffer = buffer();
          }
          int n = Math.min(len, buffer.length - filled);
          System.arraycopy(b, off, buffer, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == buffer.length) {
            flush();
          }
        }
      }

      @Override
      public void flush() throws IOException {
        if (buffer != null && filled > 0) {
          WriterThread.this.write(buffer, filled, target::write);
          buffer = null;
          filled = 0;
        }
      }
    };
  }

  /** Runs {@code step} on this thread once every step handed over before it has run. */
  void submit(Step step) throws IOException {
    enqueue(new Task(step, null));
  }

  /**
   * Waits until every step has run; throws what failed, if anything did. After it returns, what
   * the steps wrote may be used from the calling thread.
   */
  void finish() throws IOException {
    enqueue(END);
    ended = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new ArchiveCancelledException("interrupted while the archive writer finished");
    }
    rethrow();
  }

  /** Abandons whatever has not run yet (the archive failed or was cancelled) and waits for the thread. */
  @Override
  public void close() {
    if (!thread.isAlive()) {
      return;
    }
    abandoned = true;
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueue(Task task) throws IOException {
    if (ended) {
      throw new IllegalStateException("the archive writer has finished");
    }
    try {
      do {
        rethrow();
        requireAlive();
      } while (!tasks.offer(task, WAIT_MILLIS, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveCancelledException("interrupted while handing over to the archive writer");
    }
  }

  // Never reached while the loop runs as written; a guard against waiting forever on a dead thread.
  private void requireAlive() throws IOException {
    if (!thread.isAlive()) {
      rethrow();
      throw new IOException("the archive writer stopped unexpectedly");
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof ArchiveCancelledException cancelled) {
      throw new ArchiveCancelledException(cancelled.getMessage());
    }
    throw new IOException("writing the archive failed: " + t, t);
  }

  private void loop() {
    try {
      while (!abandoned) {
        Task task = tasks.take();
        if (task == END) {
          return;
        }
        try {
          if (failure == null && !abandoned) {
            task.step().run();
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          if (task.buffer() != null) {
            free.offer(task.buffer());
          }
        }
      }
    } catch (InterruptedException e) {
      // close(): the archive is abandoned and nothing more is written.
    }
    if (failure == null) {
      failure = new ArchiveCancelledException("the archive writer was stopped");
    }
  }

  /** Buffers not in flight (for tests). */
  int freeBuffers() {
    return free.size();
  }
}
