package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in regions.yaml, each reported with its line and field path. */
class RegionsValidationTest {

  @TempDir
  Path dir;

  @Test
  void load_validFixture_resolvesRelativePathsAndDefaultsEndpoint() throws Exception {
    Regions regions = new ConfigFixture(dir).load().regions();

    Region jkt = regions.require("id-jkt");
    assertThat(regions.mode()).isEqualTo(Mode.DEV);
    assertThat(regions.byId().keySet()).containsExactly("id-jkt", "id-sby", "sg-sin", "eu-fra");
    assertThat(regions.active()).extracting(Region::id).containsExactly("id-jkt", "sg-sin", "eu-fra");
    assertThat(regions.groups()).containsExactly("asean", "eu");
    assertThat(jkt.database()).isEqualTo(new DatabaseSettings.Embedded(dir.toAbsolutePath().resolve("var/id-jkt/pg")));
    assertThat(jkt.archiveDir()).isEqualTo(dir.toAbsolutePath().resolve("var/id-jkt/archives"));
    assertThat(jkt.grpc()).isEqualTo(new GrpcSettings("127.0.0.1", 7101, "127.0.0.1:7101"));
    assertThat(regions.require("sg-sin").grpc().endpoint()).isEqualTo("sg.example:443");
  }

  @Test
  void load_misspelledField_namesTheFieldAndSuggestsTheRightOne() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "    country: SG", "    contry: SG");

    ConfigProblem only = fixture.problems().stream().filter(p -> p.path().endsWith("contry")).findFirst().orElseThrow();

    assertThat(only.file()).isEqualTo("regions.yaml");
    assertThat(only.line()).isEqualTo(fixture.lineOf("regions.yaml", "contry: SG"));
    assertThat(only.path()).isEqualTo("regions.sg-sin.contry");
    assertThat(only.message()).contains("unknown field 'contry'", "did you mean 'country'?", "country, groups, active");
    // The typo also means the real field is missing, which is reported too rather than hidden.
    assertThat(fixture.problems()).extracting(ConfigProblem::path).contains("regions.sg-sin.country");
  }

  @Test
  void load_productionWithEmbeddedDatabase_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "mode: dev", "mode: production");

    assertThat(fixture.problems()).hasSize(4).allSatisfy(p -> {
      assertThat(p.file()).isEqualTo("regions.yaml");
      assertThat(p.path()).endsWith(".database.embedded");
      assertThat(p.message()).contains("mode: production forbids embedded PostgreSQL", "jdbc:");
    });
    assertThat(fixture.problems().get(0).line()).isEqualTo(fixture.lineOf("regions.yaml", "var/id-jkt/pg"));
  }

  @Test
  void load_productionWithJdbc_accepted() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "mode: dev", "mode: production");
    for (String id : new String[] {"id-jkt", "id-sby", "sg-sin", "eu-fra"}) {
      fixture.replace("regions.yaml", "{ embedded: { dir: var/" + id + "/pg } }",
          "{ jdbc: { url: 'jdbc:postgresql://pg." + id + ":5432/app', user: jaga, password_env: DB_PW } }");
    }
    fixture.write("access.yaml", ConfigFixture.ACCESS + "tls: { certificate_chain: tls/node.pem, private_key: tls/node.key }\n");

    Region jkt = fixture.load().regions().require("id-jkt");

    assertThat(jkt.database()).isEqualTo(new DatabaseSettings.Jdbc("jdbc:postgresql://pg.id-jkt:5432/app", "jaga", "DB_PW"));
  }

  @Test
  void load_jdbcWithOwner_readsBothRoles() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "{ embedded: { dir: var/id-jkt/pg } }",
        "{ jdbc: { url: 'jdbc:postgresql://h/db', user: jaga_runtime, password_env: DB_PW, "
            + "owner_user: jaga_owner, owner_password_env: DB_OWNER_PW } }");

    Region jkt = fixture.load().regions().require("id-jkt");

    assertThat(jkt.database()).isEqualTo(new DatabaseSettings.Jdbc("jdbc:postgresql://h/db", "jaga_runtime", "DB_PW",
        Optional.of(new DatabaseSettings.Owner("jaga_owner", "DB_OWNER_PW"))));
  }

  @Test
  void load_ownerHalfGivenOrSameAsRuntimeUser_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "{ embedded: { dir: var/id-jkt/pg } }",
            "{ jdbc: { url: 'jdbc:postgresql://h/db', user: u, password_env: P, owner_user: o } }")
        .replace("regions.yaml", "{ embedded: { dir: var/sg-sin/pg } }",
            "{ jdbc: { url: 'jdbc:postgresql://h/db', user: u, password_env: P, owner_user: u, owner_password_env: O } }")
        .replace("regions.yaml", "{ embedded: { dir: var/eu-fra/pg } }",
            "{ jdbc: { url: 'jdbc:postgresql://h/db', user: u, password_env: P, owner_user: o, owner_password_env: o } }");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> {
          assertThat(p.path()).isEqualTo("regions.id-jkt.database.jdbc");
          assertThat(p.message()).contains("owner_user and owner_password_env go together");
        },
        p -> {
          assertThat(p.path()).isEqualTo("regions.sg-sin.database.jdbc.owner_user");
          assertThat(p.line()).isEqualTo(fixture.lineOf("regions.yaml", "owner_user: u,"));
          assertThat(p.message()).contains("owner_user 'u' is also user", "row-level security");
        },
        p -> {
          assertThat(p.path()).isEqualTo("regions.eu-fra.database.jdbc.owner_password_env");
          assertThat(p.message()).contains("owner_password_env 'o' must be an environment variable name");
        });
  }

  @Test
  void load_twoActiveRegionsOnOnePort_reportsTheSecond() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "listen: 127.0.0.1:7103 }", "listen: 127.0.0.1:7101, endpoint: fra.example:443 }");

    ConfigProblem only = fixture.onlyProblem();

    assertThat(only.line()).isEqualTo(fixture.lineOf("regions.yaml", "fra.example"));
    assertThat(only.path()).isEqualTo("regions.eu-fra.grpc.listen");
    assertThat(only.message()).contains("listen port 7101 is already used by active region 'id-jkt'");
  }

  @Test
  void load_sharedPortWithInactiveRegionOrPortZero_accepted() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "listen: 127.0.0.1:7104", "listen: 127.0.0.1:7101")
        .replace("regions.yaml", "listen: 127.0.0.1:7102", "listen: 127.0.0.1:0")
        .replace("regions.yaml", "listen: 127.0.0.1:7103", "listen: 127.0.0.1:0");

    assertThat(fixture.load().regions().require("eu-fra").grpc().listenPort()).isZero();
  }

  @Test
  void load_devModeListeningOnAllInterfaces_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "listen: 127.0.0.1:7103", "listen: 0.0.0.0:7103");

    assertThat(fixture.problems()).extracting(ConfigProblem::path, ConfigProblem::line).contains(tuple("regions.eu-fra.grpc.listen", fixture.lineOf("regions.yaml", "0.0.0.0")));
    assertThat(fixture.problems()).anySatisfy(p -> assertThat(p.message()).contains("is not loopback"));
  }

  @Test
  void load_badAddressCountryAndRegionId_eachReported() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "listen: 127.0.0.1:7102", "listen: 127.0.0.1:70000")
        .replace("regions.yaml", "country: DE", "country: de")
        .replace("regions.yaml", "  id-sby:", "  surabaya:");

    assertThat(fixture.problems()).extracting(ConfigProblem::path).containsExactly(
        "regions.surabaya", "regions.sg-sin.grpc.listen", "regions.eu-fra.country");
    assertThat(fixture.problems()).extracting(ConfigProblem::message).satisfiesExactly(
        m -> assertThat(m).contains("region id 'surabaya'", "e.g. id-jkt"),
        m -> assertThat(m).contains("invalid address '127.0.0.1:70000'", "port 0-65535"),
        m -> assertThat(m).contains("country 'de'", "ISO 3166-1 alpha-2"));
  }

  @Test
  void load_databaseWithBothKindsOrNonPostgresUrl_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "{ embedded: { dir: var/id-jkt/pg } }",
            "{ embedded: { dir: var/id-jkt/pg }, jdbc: { url: 'jdbc:postgresql://h/db', user: u, password_env: P } }")
        .replace("regions.yaml", "{ embedded: { dir: var/sg-sin/pg } }",
            "{ jdbc: { url: 'jdbc:mysql://h/db', user: u, password_env: P } }");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertThat(p).extracting(ConfigProblem::path, ConfigProblem::message)
            .containsExactly("regions.id-jkt.database", "database needs exactly one of embedded: { dir: ... } (mode: dev) "
                + "or jdbc: { url: ..., user: ..., password_env: ... }"),
        p -> {
          assertThat(p.path()).isEqualTo("regions.sg-sin.database.jdbc.url");
          assertThat(p.message()).contains("must start with jdbc:postgresql:");
        });
  }

  @Test
  void load_noActiveRegion_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).write("regions.yaml", ConfigFixture.REGIONS
        .replace("    country: ID\n    groups: [asean]\n    grpc", "    country: ID\n    groups: [asean]\n    active: false\n    grpc")
        .replace("    country: SG\n", "    country: SG\n    active: false\n")
        .replace("    country: DE\n", "    country: DE\n    active: false\n"));

    ConfigProblem only = fixture.onlyProblem();

    assertThat(only.path()).isEqualTo("regions");
    assertThat(only.line()).isEqualTo(2);
    assertThat(only.message()).contains("no active region");
  }
}
