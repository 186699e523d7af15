package dev.jaga.server.archive;

import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.export.ExportPlans;
import dev.jaga.server.export.ExportPlans.Plan;
import dev.jaga.server.export.ExportPlans.PlannedEntity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.sql.DataSource;

/**
 * The archive of design §4: the tenant's data in scope, read from one snapshot through the same
 * catalog projection as the stream (masks applied by PostgreSQL, {@code never} and secret columns
 * never read), written as a ZIP into an OpenPGP message as it is produced. Nothing but ciphertext
 * reaches the disk, and the target is deleted if the archive does not complete. The job's thread
 * reads and writes JSON; one {@link WriterThread} deflates, another encrypts and writes the file.
 */
public final class OpenPgpArchiveProducer implements ArchiveProducer {
  /** Progress is reported and cancellation checked every this many rows. */
  static final int ROWS_PER_BATCH = 1_000;
  private static final String PASSPHRASE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;
  private final ExportPlans plans;
  private final Clock clock;

  @Inject
  OpenPgpArchiveProducer(RegionDatabase database, ExportPlans plans, Clock clock) {
    this(database.dataSource(), plans, clock);
  }

  /** {@code dataSource} logs in as the runtime role, which row-level security restricts. */
  public OpenPgpArchiveProducer(DataSource dataSource, ExportPlans plans, Clock clock) {
    this.dataSource = dataSource;
    this.plans = plans;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the recipient key is no longer usable (say, expired since
   *     the request), with a message for the requester
   */
  @Override
  public ProducedArchive produce(ArchiveJob job, Path target, ArchiveProgress progress) throws IOException {
    Plan plan = plans.plan(job.tenantId(), job.scope());
    String fileName = job.exportId() + ".zip";
    Optional<char[]> passphrase = job.recipientPublicKey().isPresent() ? Optional.empty() : Optional.of(passphrase());
    boolean complete = false;
    try (Snapshot snapshot = new Snapshot(dataSource, job.tenantId());
        PgpSink sink = job.recipientPublicKey().isPresent()
            ? PgpSink.toRecipient(target, fileName, RecipientKeys.encryptionKey(job.recipientPublicKey().get(), clock.instant()))
            : PgpSink.toPassphrase(target, fileName, passphrase.get());
        // Closed first, in reverse order: both stop touching the file before it is closed (or deleted).
        WriterThread encryptor = new WriterThread("jaga-archive-encrypt-" + job.exportId());
        WriterThread deflater = new WriterThread("jaga-archive-deflate-" + job.exportId())) {
      Map<String, Long> rows = write(job, plan, snapshot, sink, deflater, encryptor, progress);
      byte[] sha256 = sink.finish();
      complete = true;
      return new ProducedArchive(Files.size(target), sha256, rows, passphrase);
    } catch (SQLException e) {
      throw new IOException("reading tenant " + job.tenantId() + "'s data failed: " + e.getMessage(), e);
    } finally {
      if (!complete) {
        Files.deleteIfExists(target);
      }
    }
  }

  private Map<String, Long> write(
      ArchiveJob job, Plan plan, Snapshot snapshot, PgpSink sink, WriterThread deflater, WriterThread encryptor,
      ArchiveProgress progress) throws SQLException, IOException {
    ArchiveZip zip = new ArchiveZip(sink.plaintext(), deflater, encryptor);
    Map<String, Long> rows = new LinkedHashMap<>();
    Counter counter = new Counter(plan.entities().size(), sink, progress);
    long attachments = 0;
    for (PlannedEntity planned : plan.entities()) {
      counter.check();
      EntityFiles files = new EntityFiles(planned, snapshot.binaryColumns(planned.entity()), job.formats().getAttachments());
      long written = files.writeJsonl(snapshot, zip, counter::row);
      rows.put(planned.entity().name(), written);
      if (job.formats().getCsv()) {
        expectSame(planned, written, files.writeCsv(snapshot, zip, counter::tick));
      }
      if (files.hasAttachments()) {
        attachments += files.writeAttachments(snapshot, zip, counter::tick);
      }
      counter.entityDone();
    }
    counter.check();
    zip.write(ArchiveReadme.NAME, "readme",
        ArchiveReadme.text(job, plan, snapshot.time(), rows, attachments).getBytes(StandardCharsets.UTF_8));
    byte[] manifest = ArchiveManifest.json(job, plan, snapshot.time(), rows, zip.files());
    zip.begin(ArchiveManifest.NAME).write(manifest);
    zip.end("manifest", Optional.empty(), Optional.empty());
    zip.finish();
    return rows;
  }

  // One snapshot cannot change between passes; a difference is a bug, never an archive to ship.
  private static void expectSame(PlannedEntity planned, long jsonl, long csv) {
    if (jsonl != csv) {
      throw new IllegalStateException(
          planned.entity().name() + ": " + jsonl + " JSON records but " + csv + " CSV records in one snapshot");
    }
  }

  /** A random passphrase of 160 bits: 32 base-32 characters in groups of four. */
  static char[] passphrase() {
    char[] out = new char[39];
    for (int i = 0, j = 0; i < 32; i++) {
      if (i > 0 && i % 4 == 0) {
        out[j++] = '-';
      }
      out[j++] = PASSPHRASE_ALPHABET.charAt(RANDOM.nextInt(PASSPHRASE_ALPHABET.length()));
    }
    return out;
  }

  /** Counts rows, reports progress and checks for cancellation once per batch of rows. */
  private static final class Counter {
    private final int entitiesTotal;
    private final PgpSink sink;
    private final ArchiveProgress progress;
    private int entitiesDone;
    private long rows;
    private long sinceCheck;

    Counter(int entitiesTotal, PgpSink sink, ArchiveProgress progress) {
      this.entitiesTotal = entitiesTotal;
      this.sink = sink;
      this.progress = progress;
    }

    /** A record row written (JSON lines: the rows that progress counts). */
    void row() throws IOException {
      rows++;
      tick();
    }

    /** Any row of any pass. */
    void tick() throws IOException {
      if (++sinceCheck >= ROWS_PER_BATCH) {
        sinceCheck = 0;
        check();
        progress.advanced(entitiesDone, entitiesTotal, rows, sink.encryptedBytes());
      }
    }

    void entityDone() throws IOException {
      entitiesDone++;
      progress.advanced(entitiesDone, entitiesTotal, rows, sink.encryptedBytes());
    }

    void check() throws ArchiveCancelledException {
      if (progress.cancelled()) {
        throw new ArchiveCancelledException("the export was cancelled after " + rows + " rows");
      }
    }
  }
}
