package dev.jaga.server.exportjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.keys.RegionMasterKey;
import dev.jaga.server.keys.WrappedTenantKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GetExportKey's reveal locks the export's row and opens the tenant's key while holding it. On a
 * pool of one connection it must still finish: if opening the key took a second connection, a
 * burst of reveals as large as the pool would have every call hold one and wait for another.
 */
class RevealOnOneConnectionTest {
  private static final String TENANT = "alpha-co";
  private static final String EXPORT = "0123456789abcdef0123456789abcdef";
  private static final byte[] PASSPHRASE = "tq3k-8v2m-passphrase".getBytes(StandardCharsets.UTF_8);

  private static EmbeddedDatabase db;
  private static HikariDataSource onlyOne;

  @BeforeAll
  static void start() {
    db = EmbeddedDatabase.startTemporary(Path.of(System.getProperty("java.io.tmpdir")));
    Migrations.migrateJaga(db.superuserDataSource());
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.jdbcUrl(Migrations.RUNTIME_ROLE));
    hikari.setMaximumPoolSize(1);
    hikari.setConnectionTimeout(1_000);
    onlyOne = new HikariDataSource(hikari);
  }

  @AfterAll
  static void stop() {
    onlyOne.close();
    db.close();
  }

  @Test
  void theKeyIsRevealedOnce_onAPoolOfOneConnection() throws Exception {
    TenantScope scope = new TenantScope(DSL.using(onlyOne, SQLDialect.POSTGRES));
    Path keyDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "keys");
    WrappedTenantKeys keys =
        new WrappedTenantKeys(scope, RegionMasterKey.loadOrCreate(keyDir.resolve("master-aes256.key")));
    DSLContext owner = DSL.using(db.superuserDataSource(), SQLDialect.POSTGRES);
    owner.execute("insert into jaga.tenants (tenant_id, display_name, home_region) values (?, ?, 'id-jkt')",
        TENANT, TENANT);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    owner.execute("insert into jaga.exports (export_id, tenant_id, requested_by, request_id, request_sha256,"
            + " scope, scope_summary, csv, attachments, purpose, state, approval_reasons, sealed_passphrase,"
            + " created_at, updated_at) values (?, ?, 'person:budi@alpha.test', 'r1', ?, ?, 'everything',"
            + " false, false, 'audit', 'READY', '{}', ?, cast(? as timestamptz), cast(? as timestamptz))",
        EXPORT, TENANT, new byte[32], new byte[0], keys.seal(TENANT, PASSPHRASE), now, now);
    StoredExport export = new ExportRepository(scope).find(TENANT, EXPORT).orElseThrow();
    DownloadTokens tokens = new DownloadTokens(scope);
    Instant at = now.toInstant();

    DownloadTokens.Issued first =
        tokens.reveal(export, "person:budi@alpha.test", keys, at, at.plus(Duration.ofHours(1)), 3);
    DownloadTokens.Issued second =
        tokens.reveal(export, "person:budi@alpha.test", keys, at, at.plus(Duration.ofHours(1)), 3);

    assertThat(first.passphrase()).contains(PASSPHRASE);
    assertThat(second.passphrase()).isEmpty();
    assertThat(second.alreadyRevealed()).isTrue();
    assertThat(owner.fetchValue("select sealed_passphrase from jaga.exports where export_id = ?", EXPORT))
        .as("destroyed once revealed").isNull();
  }
}
