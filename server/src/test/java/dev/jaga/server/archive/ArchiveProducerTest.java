package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.api.v1.ExportFormats;
import dev.jaga.client.archive.ArchiveFiles;
import dev.jaga.client.archive.ArchiveReport;
import dev.jaga.api.v1.Scope;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportAction;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.export.ExportPlans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Archives of acme-id from its real (seeded) region database, as the runtime role, opened with the
 * real gpg: complete per the database, tenant-pure, no never column, every checksum right.
 */
class ArchiveProducerTest {
  private static final String TENANT = "acme-id";
  private static final String JOB_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final RegionConfig config = TestClusters.realConfig();
  private final DSLContext owner = DSL.using(jakarta.database().ownerDataSource().orElseThrow(), SQLDialect.POSTGRES);
  private final DataSource runtime = jakarta.database().dataSource();
  private final OpenPgpArchiveProducer producer =
      new OpenPgpArchiveProducer(runtime, ExportPlans.create(config, DSL.using(runtime, SQLDialect.POSTGRES)), Clock.systemUTC());

  @Test
  void wholeTenant_toPassphrase_decryptsWithGpg_andEqualsTheDatabase() throws Exception {
    ArchiveJob job = job(ExportFormats.newBuilder().setCsv(true).setAttachments(true).build(), Optional.empty());
    Path target = target();
    List<long[]> reported = new ArrayList<>();
    ProducedArchive produced = producer.produce(job, target, progress(reported, () -> false));

    byte[] zip;
    try (Gpg gpg = new Gpg()) {
      zip = gpg.decrypt(target, produced.passphrase().orElseThrow());
    }
    ArchiveContents archive = ArchiveContents.of(zip);
    JsonNode manifest = archive.manifest();
    // What a recipient runs: `jaga export verify` on the zip gpg gave, and on the encrypted file.
    ArchiveReport onZip = ArchiveFiles.verify(Files.write(target.resolveSibling("decrypted.zip"), zip));
    ArchiveReport onEncrypted = ArchiveFiles.verify(target, produced.passphrase().orElseThrow());
    assertThat(onZip.ok()).as(onZip.toString()).isTrue();
    assertThat(onEncrypted.ok()).as(onEncrypted.toString()).isTrue();
    assertThat(onZip.files()).hasSize(archive.files().size() - 1);

    assertThat(produced.bytes()).isEqualTo(Files.size(target));
    assertThat(ArchiveContents.sha256(Files.readAllBytes(target))).isEqualTo(hex(produced.sha256()));
    assertThat(manifest.path("tenant_id").asText()).isEqualTo(TENANT);
    for (Entity entity : config.catalog().entities().values()) {
      long inDb = count("select count(*) from " + entity.qualifiedTable() + " where tenant_id = ?", TENANT);
      assertThat(inDb).as(entity.name()).isPositive();
      assertThat(manifest.path("rows").path(entity.name()).asLong(-1)).as(entity.name()).isEqualTo(inDb);
      assertThat(produced.rowsPerEntity().get(entity.name())).as(entity.name()).isEqualTo(inDb);
      assertThat(archive.text(entity.name() + ".jsonl").lines().count()).as(entity.name()).isEqualTo(inDb);
      assertNoNeverColumn(entity, archive);
      assertSameOrderInJsonlAndCsv(entity, archive);
    }
    assertEveryChecksumMatches(manifest, archive);
    long attachmentRows = count("select count(*) from app.attachments where tenant_id = ?", TENANT);
    assertThat(archive.files().keySet().stream().filter(n -> n.startsWith("attachments/"))).hasSize((int) attachmentRows);
    assertAttachmentsAreTheStoredFiles(archive);
    assertNothingOfAnotherTenant(archive);
    assertThat(archive.text("README.txt")).contains("jaga export verify", "personal", "mask:last4");
    assertThat(reported).isNotEmpty();
    assertThat(reported.get(reported.size() - 1)[0]).isEqualTo(config.catalog().entities().size());
  }

  @Test
  void toRecipientKey_decryptsWithTheRecipientsGpg_andHoldsNoPassphrase() throws Exception {
    try (Gpg gpg = new Gpg()) {
      String publicKey = gpg.generateKey("dpo@acme.test", "future-default");
      ArchiveJob job = job(ExportFormats.getDefaultInstance(), Optional.of(publicKey));
      Path target = target();
      ProducedArchive produced = producer.produce(job, target, progress(new ArrayList<>(), () -> false));

      ArchiveContents archive = ArchiveContents.of(gpg.decrypt(target));

      assertThat(produced.passphrase()).isEmpty();
      assertEveryChecksumMatches(archive.manifest(), archive);
      assertThat(archive.files().keySet()).noneMatch(n -> n.endsWith(".csv") || n.startsWith("attachments/"));
      // Without attachments, file content is left out of the records rather than hidden in them as hex.
      assertThat(JSON.readTree(archive.text("attachments.jsonl").lines().findFirst().orElseThrow()).has("content")).isFalse();
      assertNothingOfAnotherTenant(archive);
    }
  }

  @Test
  void rowsAddedWhileArchiving_areNotInIt_becauseEveryFileComesFromOneSnapshot() throws Exception {
    long teamsBefore = count("select count(*) from app.teams where tenant_id = ?", TENANT);
    String team = "00000000-0000-0000-0000-00000000a5c1";
    AtomicInteger reports = new AtomicInteger();
    ArchiveProgress insertAfterFirstEntity = new ArchiveProgress() {
      @Override
      public void advanced(int done, int total, long rows, long bytes) {
        if (reports.getAndIncrement() == 0) {
          owner.execute("insert into app.teams (id, tenant_id, name, created_at) values (?::uuid, ?, 'late team', now())",
              team, TENANT);
        }
      }

      @Override
      public boolean cancelled() {
        return false;
      }
    };
    try {
      ArchiveJob job = job(ExportFormats.newBuilder().setCsv(true).build(), Optional.empty());
      Path target = target();
      ProducedArchive produced = producer.produce(job, target, insertAfterFirstEntity);
      ArchiveContents archive;
      try (Gpg gpg = new Gpg()) {
        archive = ArchiveContents.of(gpg.decrypt(target, produced.passphrase().orElseThrow()));
      }

      assertThat(count("select count(*) from app.teams where tenant_id = ?", TENANT)).isEqualTo(teamsBefore + 1);
      assertThat(produced.rowsPerEntity().get("teams")).isEqualTo(teamsBefore);
      assertThat(archive.everything()).doesNotContain("late team");
    } finally {
      owner.execute("delete from app.teams where id = ?::uuid", team);
    }
  }

  @Test
  void cancelledMidArchive_throws_andLeavesNoFile() throws Exception {
    AtomicInteger reports = new AtomicInteger();
    Path target = target();
    ArchiveProgress cancelAfterFirstReport = progress(new ArrayList<>(), () -> reports.get() > 0);
    ArchiveProgress counting = new ArchiveProgress() {
      @Override
      public void advanced(int done, int total, long rows, long bytes) {
        reports.incrementAndGet();
        cancelAfterFirstReport.advanced(done, total, rows, bytes);
      }

      @Override
      public boolean cancelled() {
        return cancelAfterFirstReport.cancelled();
      }
    };

    assertThatThrownBy(() -> producer.produce(job(ExportFormats.getDefaultInstance(), Optional.empty()), target, counting))
        .isInstanceOf(ArchiveCancelledException.class);
    assertThat(target).doesNotExist();
    assertThat(reports.get()).isLessThan(config.catalog().entities().size());
  }

  @Test
  void diskFullWhileTheEncryptingThreadWrites_failsTheArchive_andLeavesNoFile() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
    Path target = target();
    // The file the archive writes is a disk that is always full: the first write to fail is the
    // encrypting thread's, two hand-overs away from the thread that reads the database.
    Files.createSymbolicLink(target, full);
    List<long[]> reported = new ArrayList<>();

    assertThatThrownBy(() -> producer.produce(job(ExportFormats.getDefaultInstance(), Optional.empty()), target,
            progress(reported, () -> false)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("No space left on device");
    assertThat(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-" + JOB_ID));
  }

  private void assertNoNeverColumn(Entity entity, ArchiveContents archive) throws Exception {
    List<String> forbidden = new ArrayList<>();
    for (ColumnRule column : entity.columns().values()) {
      if (column.export() instanceof ExportAction.Never || column.dataClass() == DataClass.SECRET) {
        forbidden.add(column.column());
      }
    }
    String csvHeader = archive.text(entity.name() + ".csv").lines().findFirst().orElseThrow();
    forbidden.forEach(c -> assertThat(csvHeader.split(",")).as(entity.name() + ".csv header").doesNotContain(c));
    for (Iterator<String> it = archive.text(entity.name() + ".jsonl").lines().iterator(); it.hasNext(); ) {
      JsonNode row = JSON.readTree(it.next());
      assertThat(row.path("tenant_id").asText()).isEqualTo(TENANT);
      forbidden.forEach(c -> assertThat(row.has(c)).as("%s.%s in the archive", entity.name(), c).isFalse());
    }
  }

  /** Rows come in the table's order, not sorted: the two files must still list them alike. */
  private static void assertSameOrderInJsonlAndCsv(Entity entity, ArchiveContents archive) throws Exception {
    List<String> fromJsonl = new ArrayList<>();
    for (String line : archive.text(entity.name() + ".jsonl").lines().toList()) {
      fromJsonl.add(JSON.readTree(line).path("id").asText());
    }
    List<String> csv = archive.text(entity.name() + ".csv").lines().toList();
    assertThat(csv.get(0)).as(entity.name() + ".csv header").startsWith("tenant_id,id,");
    // Neither the tenant id nor the uuid holds a comma: the second cell is the id.
    List<String> fromCsv = csv.subList(1, csv.size()).stream().map(l -> l.split(",", 3)[1]).toList();
    assertThat(fromCsv).as(entity.name()).isEqualTo(fromJsonl);
  }

  private static void assertEveryChecksumMatches(JsonNode manifest, ArchiveContents archive) {
    List<String> listed = new ArrayList<>();
    for (JsonNode file : manifest.path("files")) {
      String name = file.path("name").asText();
      byte[] content = archive.files().get(name);
      assertThat(content).as(name).isNotNull();
      assertThat(ArchiveContents.sha256(content)).as(name).isEqualTo(file.path("sha256").asText());
      assertThat((long) content.length).as(name).isEqualTo(file.path("bytes").asLong());
      listed.add(name);
    }
    listed.add("manifest.json");
    assertThat(archive.files().keySet()).containsExactlyInAnyOrderElementsOf(listed);
  }

  /** The demo stores each attachment's SHA-256 beside it: the archived file must be that file. */
  private static void assertAttachmentsAreTheStoredFiles(ArchiveContents archive) throws Exception {
    int checked = 0;
    for (String line : archive.text("attachments.jsonl").lines().toList()) {
      JsonNode row = JSON.readTree(line);
      byte[] file = archive.files().get(row.path("content").asText());
      assertThat(file).as(row.path("content").asText()).isNotNull();
      assertThat(ArchiveContents.sha256(file)).isEqualTo(row.path("sha256").asText());
      checked++;
    }
    assertThat(checked).isPositive();
  }

  private void assertNothingOfAnotherTenant(ArchiveContents archive) {
    List<String> foreign = new ArrayList<>();
    for (Entity entity : config.catalog().entities().values()) {
      foreign.addAll(owner.fetch("select id::text from " + entity.qualifiedTable() + " where tenant_id <> ? limit 20", TENANT)
          .getValues(0, String.class));
    }
    // An agency user belongs to several tenants; their email is rightly in each of them.
    foreign.addAll(owner.fetch("select email from app.users where tenant_id <> ? and email not in"
        + " (select email from app.users where tenant_id = ?) limit 50", TENANT, TENANT).getValues(0, String.class));
    foreign.addAll(owner.fetch("select distinct tenant_id from app.users where tenant_id <> ?", TENANT).getValues(0, String.class));
    List<String> never = new ArrayList<>();
    for (Entity entity : config.catalog().entities().values()) {
      for (ColumnRule column : entity.columns().values()) {
        if (column.export() instanceof ExportAction.Never) {
          never.addAll(owner.fetch("select \"" + column.column() + "\"::text from " + entity.qualifiedTable()
                  + " where tenant_id = ? and length(\"" + column.column() + "\"::text) >= 8 limit 50", TENANT)
              .getValues(0, String.class));
        }
      }
    }
    assertThat(foreign).as("the test needs another tenant's values to look for").hasSizeGreaterThan(50);
    assertThat(never).as("the test needs never-exported values to look for").isNotEmpty();
    String everything = archive.everything();
    foreign.forEach(v -> assertThat(everything).as("another tenant's value").doesNotContain(v));
    never.forEach(v -> assertThat(everything).as("a never value").doesNotContain(v));
  }

  private long count(String sql, Object... args) {
    return ((Number) owner.fetchValue(sql, args)).longValue();
  }

  private static ArchiveJob job(ExportFormats formats, Optional<String> recipient) {
    return new ArchiveJob(JOB_ID, TENANT, Scope.getDefaultInstance(), formats, recipient);
  }

  private static Path target() throws Exception {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "archive");
    return dir.resolve("export.zip.gpg");
  }

  private static ArchiveProgress progress(List<long[]> reported, java.util.function.BooleanSupplier cancelled) {
    return new ArchiveProgress() {
      @Override
      public void advanced(int done, int total, long rows, long bytes) {
        reported.add(new long[] {done, total, rows, bytes});
      }

      @Override
      public boolean cancelled() {
        return cancelled.getAsBoolean();
      }
    };
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
