package dev.jaga.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.db.TenantScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant keys against a real region database, as the runtime role: sealed data opens only for its
 * own tenant, unaltered, while the key exists; the key table shows a transaction only its tenant's row.
 */
class WrappedTenantKeysTest {
  private static final byte[] SECRET = "tq3k-8v2m-passphrase".getBytes(StandardCharsets.UTF_8);

  private static EmbeddedDatabase db;
  private static HikariDataSource pool;
  private static DSLContext owner;
  private static TenantScope scope;
  private static WrappedTenantKeys keys;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("java.io.tmpdir"));
    db = EmbeddedDatabase.startTemporary(work);
    Migrations.migrateJaga(db.superuserDataSource());
    owner = DSL.using(db.superuserDataSource(), SQLDialect.POSTGRES);
    for (String t : new String[] {"alpha-co", "beta-co", "gamma-co", "delta-co"}) {
      owner.execute("insert into jaga.tenants (tenant_id, display_name, home_region) values (?, ?, 'id-jkt')", t, t);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.jdbcUrl(Migrations.RUNTIME_ROLE));
    hikari.setMaximumPoolSize(2);
    pool = new HikariDataSource(hikari);
    scope = new TenantScope(DSL.using(pool, SQLDialect.POSTGRES));
    Path keyDir = Files.createTempDirectory(work, "keys");
    keys = new WrappedTenantKeys(scope, RegionMasterKey.loadOrCreate(keyDir.resolve("master-aes256.key")));
  }

  @AfterAll
  static void stop() {
    pool.close();
    db.close();
  }

  @Test
  void seal_thenOpen_givesThePlaintextBack_andTheBlobHidesIt() throws Exception {
    byte[] sealed = keys.seal("alpha-co", SECRET);

    assertThat(keys.open("alpha-co", sealed)).isEqualTo(SECRET);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("passphrase");
    assertThat(keys.seal("alpha-co", SECRET)).as("random nonce").isNotEqualTo(sealed);
    assertThat(owner.fetchValue("select count(*) from jaga.tenant_keys where tenant_id = 'alpha-co'"))
        .as("one key per tenant, created on first use").isEqualTo(1L);
  }

  @Test
  void open_anotherTenantsBlob_isRefused() {
    byte[] sealedForBeta = keys.seal("beta-co", SECRET);
    keys.seal("alpha-co", "alpha's own".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> keys.open("alpha-co", sealedForBeta))
        .isInstanceOfAny(KeyDestroyedException.class, SealedBlobException.class);
  }

  @Test
  void open_whenAnotherTenantsWrappedKeyIsCopiedIntoItsRow_isRefused() {
    // Someone with database access moves beta's key into gamma's row, key id and all.
    byte[] sealedForBeta = keys.seal("beta-co", SECRET);
    keys.seal("gamma-co", SECRET);
    owner.execute(
        "update jaga.tenant_keys g set key_id = b.key_id, wrapped_key = b.wrapped_key"
            + " from jaga.tenant_keys b where g.tenant_id = 'gamma-co' and b.tenant_id = 'beta-co'");

    assertThatThrownBy(() -> keys.open("gamma-co", sealedForBeta)).isInstanceOf(SealedBlobException.class);
  }

  @Test
  void open_tamperedBlob_isRefused_wherever_itWasAltered() throws Exception {
    byte[] sealed = keys.seal("alpha-co", SECRET);
    for (int i = 17; i < sealed.length; i++) {
      byte[] tampered = Arrays.copyOf(sealed, sealed.length);
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> keys.open("alpha-co", tampered)).as("byte %d flipped", i)
          .isInstanceOf(SealedBlobException.class);
    }
    assertThatThrownBy(() -> keys.open("alpha-co", Arrays.copyOf(sealed, sealed.length - 1)))
        .isInstanceOf(SealedBlobException.class);
    assertThat(keys.open("alpha-co", sealed)).isEqualTo(SECRET);
  }

  @Test
  void destroy_makesEverySealedBlobUnreadable_andIsIdempotent() throws Exception {
    byte[] sealed = keys.seal("delta-co", SECRET);
    assertThat(keys.open("delta-co", sealed)).isEqualTo(SECRET);

    keys.destroy("delta-co");
    keys.destroy("delta-co");

    assertThatThrownBy(() -> keys.open("delta-co", sealed)).isInstanceOf(KeyDestroyedException.class);
    assertThat(owner.fetchValue("select count(*) from jaga.tenant_keys where tenant_id = 'delta-co'")).isEqualTo(0L);
    // A new key for new secrets does not bring the old ones back.
    byte[] fresh = keys.seal("delta-co", SECRET);
    assertThatThrownBy(() -> keys.open("delta-co", sealed)).isInstanceOf(KeyDestroyedException.class);
    assertThat(keys.open("delta-co", fresh)).isEqualTo(SECRET);
  }

  @Test
  void runtimeRole_seesAndDeletesOnlyItsOwnTenantsKeyRow() {
    keys.seal("alpha-co", SECRET);
    keys.seal("beta-co", SECRET);

    long seen = scope.inTenant("alpha-co", tx -> count(tx, "select count(*) from jaga.tenant_keys"));
    long others = scope.inTenant("alpha-co",
        tx -> count(tx, "select count(*) from jaga.tenant_keys where tenant_id <> 'alpha-co'"));
    int deleted = scope.inTenant("alpha-co", tx -> tx.execute("delete from jaga.tenant_keys where tenant_id = 'beta-co'"));
    long unscoped = count(DSL.using(pool, SQLDialect.POSTGRES), "select count(*) from jaga.tenant_keys");

    assertThat(seen).isEqualTo(1L);
    assertThat(others).isZero();
    assertThat(deleted).isZero();
    assertThat(unscoped).isZero();
    assertThat(owner.fetchValue("select count(*) from jaga.tenant_keys where tenant_id = 'beta-co'")).isEqualTo(1L);
    assertThatThrownBy(() -> scope.runInTenant("alpha-co", tx -> tx.execute(
            "insert into jaga.tenant_keys (tenant_id, key_id, wrapped_key, master_key_id)"
                + " values ('beta-co', decode(repeat('00', 16), 'hex'), decode(repeat('00', 60), 'hex'), 'x')")))
        .hasMessageContaining("row-level security");
  }

  private static long count(DSLContext dsl, String sql) {
    return ((Number) dsl.fetchValue(sql)).longValue();
  }
}
