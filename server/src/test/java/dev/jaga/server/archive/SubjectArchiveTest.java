package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.api.v1.ExportFormats;
import dev.jaga.api.v1.Scope;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.Identifier;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.export.ExportPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** A data subject's archive (GDPR access copy): the subject's own records only, others by id only. */
class SubjectArchiveTest {
  private static final String TENANT = "acme-id";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Identifier> OTHER_PEOPLE = Set.of(Identifier.NAME, Identifier.EMAIL, Identifier.PHONE);

  private final Node jakarta = TestClusters.shared().node("id-jkt");
  private final RegionConfig config = TestClusters.realConfig();
  private final DSLContext owner = DSL.using(jakarta.database().ownerDataSource().orElseThrow(), SQLDialect.POSTGRES);
  private final DataSource runtime = jakarta.database().dataSource();
  private final OpenPgpArchiveProducer producer =
      new OpenPgpArchiveProducer(runtime, ExportPlans.create(config, DSL.using(runtime, SQLDialect.POSTGRES)), Clock.systemUTC());

  @Test
  void subjectScope_holdsExactlyTheSubjectsRecords_andNamesNoOneElse() throws Exception {
    String subject = owner.fetchValue(
        "select owner_user_id::text from app.documents where tenant_id = ? and owner_user_id is not null"
            + " group by 1 order by count(*) desc limit 1", TENANT).toString();
    ArchiveJob job = new ArchiveJob("5b1ec7" + "0".repeat(26), TENANT, Scope.newBuilder().setSubjectId(subject).build(),
        ExportFormats.newBuilder().setCsv(true).build(), Optional.empty());
    Path target = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "subject").resolve("a.gpg");

    ProducedArchive produced = producer.produce(job, target, new ArchiveProgress() {
      @Override
      public void advanced(int done, int total, long rows, long bytes) {}

      @Override
      public boolean cancelled() {
        return false;
      }
    });
    ArchiveContents archive;
    try (Gpg gpg = new Gpg()) {
      archive = ArchiveContents.of(gpg.decrypt(target, produced.passphrase().orElseThrow()));
    }

    List<String> inScope = new ArrayList<>();
    for (Entity entity : config.catalog().entities().values()) {
      if (entity.subjectKey().isEmpty()) {
        assertThat(archive.files()).as(entity.name()).doesNotContainKey(entity.name() + ".jsonl");
        continue;
      }
      String key = entity.subjectKey().get();
      long inDb = ((Number) owner.fetchValue("select count(*) from " + entity.qualifiedTable()
          + " where tenant_id = ? and \"" + key + "\"::text = ?", TENANT, subject)).longValue();
      assertThat(produced.rowsPerEntity().get(entity.name())).as(entity.name()).isEqualTo(inDb);
      boolean personRecord = key.equals("id");
      for (String line : archive.text(entity.name() + ".jsonl").lines().toList()) {
        JsonNode row = JSON.readTree(line);
        assertThat(row.path(key).asText()).as(entity.name()).isEqualTo(subject);
        for (ColumnRule column : entity.columns().values()) {
          if (!personRecord && column.identifies().filter(OTHER_PEOPLE::contains).isPresent()) {
            assertThat(row.has(column.column())).as("%s.%s names someone", entity.name(), column.column()).isFalse();
          }
        }
      }
      inScope.add(entity.name());
    }
    assertThat(produced.rowsPerEntity().get("documents")).isPositive();
    assertThat(archive.manifest().path("scope").path("subject_id").asText()).isEqualTo(subject);
    assertThat(archive.text("README.txt")).contains("data subject " + subject);
    assertThat(inScope).contains("users", "documents", "comments");
  }
}
