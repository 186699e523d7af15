package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** A small valid configuration written into a temporary directory, which each test breaks in one place. */
final class ConfigFixture {

  static final String REGIONS = """
      mode: dev
      regions:
        id-jkt:
          country: ID
          groups: [asean]
          grpc: { listen: 127.0.0.1:7101 }
          database: { embedded: { dir: var/id-jkt/pg } }
          archive_store: { dir: var/id-jkt/archives }
          key_store: { dir: var/id-jkt/keys }
        id-sby:
          country: ID
          groups: [asean]
          active: false
          grpc: { listen: 127.0.0.1:7104 }
          database: { embedded: { dir: var/id-sby/pg } }
          archive_store: { dir: var/id-sby/archives }
          key_store: { dir: var/id-sby/keys }
        sg-sin:
          country: SG
          groups: [asean]
          grpc: { listen: 127.0.0.1:7102, endpoint: sg.example:443 }
          database: { embedded: { dir: var/sg-sin/pg } }
          archive_store: { dir: var/sg-sin/archives }
          key_store: { dir: var/sg-sin/keys }
        eu-fra:
          country: DE
          groups: [eu]
          grpc: { listen: 127.0.0.1:7103 }
          database: { embedded: { dir: var/eu-fra/pg } }
          archive_store: { dir: var/eu-fra/archives }
          key_store: { dir: var/eu-fra/keys }
      """;

  static final String RESIDENCY = """
      default_preset: in-country
      presets:
        in-country:
          description: everything in the home country
          classes:
            personal: { where: country }
            sensitive: { where: home, export: approval }
            financial:
              where: country
              retention: { period: P10Y, basis: "company documents law: 10 years" }
            content: { where: country }
            activity: { where: country }
            telemetry: { where: country }
            secret: { where: home, export: never }
        edge:
          classes:
            personal: { where: "group:asean" }
            sensitive: { where: home, export: approval }
            financial: { where: "region:sg-sin" }
            content: { where: country }
            activity: { where: any, conditions: [anonymized] }
            telemetry: { where: any, conditions: [anonymized] }
            secret: { where: home, export: never }
      tenants:
        acme-id:
          preset: in-country
          overrides:
            telemetry: { where: home }
        edge-co:
          preset: edge
      """;

  static final String CATALOG = """
      entities:
        contacts:
          table: app.contacts
          tenant_key: tenant_id
          subject_key: owner_user_id
          time_key: created_at
          columns:
            owner_user_id: { class: personal, export: include, erase: "anonymize:deleted-user", identifies: user-id }
            email: { class: personal, export: "mask:email-domain", erase: "anonymize:hash", identifies: email }
            created_at: { class: activity, export: include, erase: keep }
        invoices:
          table: billing.invoices
          tenant_key: tenant_id
          columns:
            card_number: { class: financial, export: "mask:last4", erase: "retain:P7Y:tax law: art. 28" }
            api_token: { class: secret, export: never, erase: delete }
      """;

  static final String ACCESS = """
      issuers:
        jaga-dev: { audience: jaga, algorithm: ES256, jwk_file: var/dev/issuer-key.json }
      fresh_authentication: PT10M
      roles:
        owner: [tenant:read, tenant:export, audit:read]
        analyst: [tenant:read]
      services:
        crm:
          subject: "CN=crm,O=Acme"
          roles: { acme-id: [analyst] }
      rate_limits:
        principal: { per_second: 5, burst: 10 }
      """;

  static final String ERASURE = """
      tenant_deletion:
        grace_period: P30D
      subject_requests:
        due_days:
          default: 30
          SG: 28
        escalate_after_days: 25
      sweepers:
        retention: PT1H
      """;

  static final String EXPORTS = """
      approval:
        sensitive_classes: true
        max_rows: 1000
        roles: [analyst]
      quotas:
        exports_per_tenant_per_day: 10
        exports_per_user_per_day: 3
      download:
        token_ttl: PT2H
      job:
        heartbeat_interval: PT5S
        stale_after: PT30S
      """;

  final Path dir;

  ConfigFixture(Path dir) {
    this.dir = dir;
    write("regions.yaml", REGIONS);
    write("residency.yaml", RESIDENCY);
    write("catalog.yaml", CATALOG);
    write("access.yaml", ACCESS);
    write("erasure.yaml", ERASURE);
    write("exports.yaml", EXPORTS);
  }

  ConfigFixture write(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  String read(String file) {
    try {
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces text that must occur exactly once, so a fixture change cannot silently turn a test into a no-op. */
  ConfigFixture replace(String file, String old, String replacement) {
    String content = read(file);
    assertThat(content.split(Pattern.quote(old), -1)).as("occurrences of %s", old).hasSize(2);
    return write(file, content.replace(old, replacement));
  }

  /** The 1-based line holding {@code fragment}, which must occur on exactly one line. */
  int lineOf(String file, String fragment) {
    List<String> lines = read(file).lines().toList();
    List<Integer> hits = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(fragment))
        .boxed().toList();
    assertThat(hits).as("lines containing %s", fragment).hasSize(1);
    return hits.get(0) + 1;
  }

  RegionConfig load() throws ConfigException {
    return RegionConfig.load(dir, dir);
  }

  /** Loads, expecting failure, and returns every problem reported. */
  List<ConfigProblem> problems() {
    try {
      RegionConfig config = load();
      throw new AssertionError("expected a ConfigException, but the configuration loaded: " + config);
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** Loads, expecting exactly one problem, and returns it. */
  ConfigProblem onlyProblem() {
    List<ConfigProblem> problems = problems();
    assertThat(problems).as("problems").hasSize(1);
    return problems.get(0);
  }
}
