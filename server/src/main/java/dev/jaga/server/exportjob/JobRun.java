package dev.jaga.server.exportjob;

import dev.jaga.config.ExportSettings;
import dev.jaga.server.archive.ArchiveCancelledException;
import dev.jaga.server.archive.ArchiveJob;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.archive.ProducedArchive;
import dev.jaga.server.keys.TenantKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one export's job on this node: the producer writes to a partial file of its own,
 * a heartbeat keeps the lease while it runs, and only a complete, verified file is moved into the
 * store, in the transaction that makes the export READY. Anything else discards the partial file.
 */
final class JobRun implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);

  /** What a run needs from its worker. */
  record Context(
      JobLeases leases, ArchiveStore store, ArchiveProducer producer, TenantKeys keys, ExportTimeline timeline,
      Clock clock, ExportSettings settings, ScheduledExecutorService heartbeats, String node) {}

  private final Context c;
  private final StoredExport export;
  private final String lease;
  private final LiveProgress progress = new LiveProgress();
  private volatile boolean abandoned;

  JobRun(Context c, StoredExport export, String lease) {
    this.c = c;
    this.export = export;
    this.lease = lease;
  }

  String exportId() {
    return export.exportId();
  }

  /** Stops the producer: the export was cancelled through this node. */
  void cancel() {
    progress.stop();
  }

  /** The node is stopping: stop the producer and leave the lease to expire, as if the node died. */
  void abandon() {
    abandoned = true;
    progress.stop();
  }

  @Override
  public void run() {
    c.store().discardPartials(export.exportId());
    Path part = c.store().partial(export.exportId(), lease);
    long every = c.settings().job().heartbeatInterval().toMillis();
    ScheduledFuture<?> heartbeat = c.heartbeats().scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    try {
      ArchiveJob job = new ArchiveJob(
          export.exportId(), export.tenantId(), export.scope(), export.formats(), export.recipientKey());
      ProducedArchive archive = c.producer().produce(job, part, progress);
      if (progress.cancelled()) {
        throw new ArchiveCancelledException("stopped after the last batch");
      }
      heartbeat.cancel(false);
      finish(part, archive);
    } catch (ArchiveCancelledException e) {
      log.info("export {}: attempt stopped ({})", export.exportId(), abandoned ? "node stopping" : "cancelled or lease lost");
    } catch (Exception | Error e) {
      if (!abandoned) {
        failed(e);
      }
    } finally {
      heartbeat.cancel(false);
      if (!abandoned) {
        deleteQuietly(part);
      }
    }
  }

  private void beat() {
    try {
      if (!c.leases().heartbeat(export.tenantId(), export.exportId(), lease, progress.totals(), c.clock().instant())) {
        progress.stop();
      }
    } catch (RuntimeException e) {
      // A missed heartbeat is survivable; enough of them and another node takes over, as it should.
      log.warn("export {}: heartbeat failed: {}", export.exportId(), e.toString());
    }
  }

  private void finish(Path part, ProducedArchive archive) throws IOException {
    byte[] sha = sha256(part);
    long size = Files.size(part);
    if (size != archive.bytes() || !MessageDigest.isEqual(sha, archive.sha256())) {
      throw new IOException("the producer's size or SHA-256 does not match the file it wrote");
    }
    byte[] sealed = archive.passphrase().map(p -> seal(export.tenantId(), p)).orElse(null);
    Instant now = c.clock().instant();
    String relative = ArchiveStore.readyPath(export.tenantId(), export.exportId());
    JobLeases.Finished finished = new JobLeases.Finished(
        relative, size, sha, sealed, progress.totals(), now.plus(c.settings().archiveRetention()));
    Optional<StoredExport> ready = c.leases().complete(
        export.tenantId(), export.exportId(), lease, finished, now, () -> c.store().publish(part, relative));
    ready.ifPresentOrElse(
        e -> c.timeline().record(e, "completed", actor(),
            "attempt=" + e.attempts() + " bytes=" + size + " rows=" + progress.totals()[2]),
        () -> log.info("export {}: finished after its lease was lost; discarded", export.exportId()));
  }

  private byte[] seal(String tenantId, char[] passphrase) {
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] plain = new byte[bytes.remaining()];
    bytes.get(plain);
    try {
      return c.keys().seal(tenantId, plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(passphrase, '\0');
      if (bytes.hasArray()) {
        Arrays.fill(bytes.array(), (byte) 0);
      }
    }
  }

  private void failed(Throwable e) {
    String errorId = Secrets.newId().substring(0, 12);
    log.warn("export {}: attempt failed (error id {})", export.exportId(), errorId, e);
    int max = c.settings().job().maxAttempts();
    String retry = "attempt failed (error id " + errorId + "); it is queued to run again";
    String last = "the archive could not be written in " + max + " attempts (last error id " + errorId
        + "); request the export again later or with a narrower scope, and give the error id to your operator"
        + " if it keeps failing";
    try {
      c.leases().attemptFailed(export.tenantId(), export.exportId(), lease, max, retry, last, c.clock().instant())
          .ifPresent(x -> c.timeline().record(x, x.state() == dev.jaga.api.v1.ExportState.EXPORT_STATE_FAILED
              ? "failed" : "requeued", actor(), "attempt=" + x.attempts() + " error_id=" + errorId));
    } catch (RuntimeException again) {
      log.warn("export {}: could not record the failed attempt; its lease will expire: {}",
          export.exportId(), again.toString());
    }
  }

  private String actor() {
    return "system:export-worker@" + c.node();
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return digest.digest();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", file, e.toString());
    }
  }
}
