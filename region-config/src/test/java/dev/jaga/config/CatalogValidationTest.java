package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Period;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in catalog.yaml: unclassified columns, missing tenant keys, exportable secrets and the like. */
class CatalogValidationTest {

  private static final String FILE = "catalog.yaml";

  @TempDir
  Path dir;

  private static void assertProblem(ConfigProblem problem, int line, String path, String... fragments) {
    assertThat(problem.file()).isEqualTo(FILE);
    assertThat(problem.line()).isEqualTo(line);
    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).contains(fragments);
  }

  @Test
  void load_validCatalog_keepsOrderKeysAndRules() throws Exception {
    Catalog catalog = new ConfigFixture(dir).load().catalog();

    Entity contacts = catalog.find("contacts").orElseThrow();
    assertThat(catalog.entities().keySet()).containsExactly("contacts", "invoices");
    assertThat(contacts.qualifiedTable()).isEqualTo("app.contacts");
    assertThat(contacts.tenantKey()).isEqualTo("tenant_id");
    assertThat(contacts.subjectKey()).contains("owner_user_id");
    assertThat(contacts.timeKey()).contains("created_at");
    assertThat(contacts.columns().keySet()).containsExactly("owner_user_id", "email", "created_at");
    assertThat(contacts.dataClasses()).containsExactly(DataClass.PERSONAL, DataClass.ACTIVITY);
    assertThat(contacts.columns().get("email")).isEqualTo(new ColumnRule("email", DataClass.PERSONAL,
        new ExportAction.Mask(MaskKind.EMAIL_DOMAIN), new ErasureAction.Anonymize(AnonymizeKind.HASH),
        Optional.of(Identifier.EMAIL)));
    Entity invoices = catalog.find("invoices").orElseThrow();
    assertThat(invoices.schema()).isEqualTo("billing");
    assertThat(invoices.subjectKey()).isEmpty();
    assertThat(invoices.columns().get("card_number").erase())
        .isEqualTo(new ErasureAction.Retain(Period.ofYears(7), "tax law: art. 28"));
    assertThat(catalog.find("nothing")).isEmpty();
  }

  @Test
  void load_columnWithoutClass_isRefusedWithTheClassesToChooseFrom() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace(FILE, "created_at: { class: activity, export: include", "created_at: { export: include");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "created_at: {"), "entities.contacts.columns.created_at",
        "column 'created_at' has no data class; an unclassified column is never exported and fails the catalog "
            + "check: add class: <one of personal, sensitive, financial, content, activity, telemetry, secret>");
  }

  @Test
  void load_unknownDataClass_listsKnownClasses() {
    ConfigFixture fixture = new ConfigFixture(dir).replace(FILE, "class: activity", "class: activty");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "activty"), "entities.contacts.columns.created_at.class",
        "unknown data class 'activty'; known classes: personal, sensitive");
  }

  @Test
  void load_tableWithoutTenantKey_isAnError() {
    ConfigFixture fixture = new ConfigFixture(dir).replace(FILE, "  table: billing.invoices\n    tenant_key: tenant_id\n",
        "  table: billing.invoices\n");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "invoices:"), "entities.invoices",
        "entity 'invoices' (billing.invoices) has no tenant_key: every tenant-owned table needs a non-null tenant "
            + "key column; add tenant_key: <column>");
  }

  @Test
  void load_exportableSecretAndKeptPersonalData_areRefused() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace(FILE, "api_token: { class: secret, export: never", "api_token: { class: secret, export: include")
        .replace(FILE, "erase: \"anonymize:deleted-user\"", "erase: keep");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertProblem(p, fixture.lineOf(FILE, "owner_user_id: {"), "entities.contacts.columns.owner_user_id.erase",
            "erase: keep is not allowed for class 'personal'"),
        p -> assertProblem(p, fixture.lineOf(FILE, "api_token"), "entities.invoices.columns.api_token.export",
            "data class 'secret'", "set export: never"));
  }

  @Test
  void load_badExportEraseAndIdentifierValues_areEachReported() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace(FILE, "\"mask:email-domain\"", "\"mask:domain\"")
        .replace(FILE, "identifies: user-id", "identifies: userid")
        .replace(FILE, "\"retain:P7Y:tax law: art. 28\"", "\"retain:P7Y\"")
        .replace(FILE, "export: never, erase: delete", "export: never, erase: \"retain:seven years:tax\"");

    assertThat(fixture.problems()).extracting(ConfigProblem::path, ConfigProblem::message).satisfiesExactly(
        t -> assertThat(t.toList()).containsExactly("entities.contacts.columns.owner_user_id.identifies",
            "unknown identifier 'userid'; expected user-id, email, phone, name"),
        t -> assertThat(t.toList()).containsExactly("entities.contacts.columns.email.export",
            "invalid export 'mask:domain'; expected include, never or mask:<last4|email-domain|hash|redact|year>"),
        t -> assertThat(t.toList()).containsExactly("entities.invoices.columns.card_number.erase",
            "retain needs a period and a legal basis: retain:<period>:<basis>, e.g. retain:P10Y:company documents law"),
        t -> assertThat(t.toList()).containsExactly("entities.invoices.columns.api_token.erase",
            "invalid period 'seven years' in 'retain:seven years:tax'; use an ISO-8601 period such as P10Y, P6M or P30D"));
  }

  @Test
  void load_sameTableTwice_namesTheFirstEntity() {
    ConfigFixture fixture = new ConfigFixture(dir).replace(FILE, "table: billing.invoices", "table: app.contacts");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "invoices:") + 1, "entities.invoices.table",
        "table app.contacts is already mapped by entity 'contacts'");
  }

  @Test
  void load_keysNotAmongColumnsOrTenantKeyListed_areRefused() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace(FILE, "subject_key: owner_user_id", "subject_key: owner_id")
        .replace(FILE, "created_at: { class: activity", "tenant_id: { class: activity");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertProblem(p, fixture.lineOf(FILE, "subject_key"),
            "entities.contacts.subject_key", "subject_key 'owner_id' is not among the columns of entity 'contacts'"),
        p -> assertProblem(p, fixture.lineOf(FILE, "time_key"), "entities.contacts.time_key",
            "time_key 'created_at' is not among the columns"),
        p -> assertProblem(p, fixture.lineOf(FILE, "tenant_id: { class"), "entities.contacts.columns.tenant_id",
            "column 'tenant_id' is the tenant_key, which is implied; remove it from columns"));
  }

  @Test
  void load_entityWithoutColumnsOrWithUnknownField_isRefused() {
    ConfigFixture fixture = new ConfigFixture(dir).write(FILE, """
        entities:
          notes:
            table: app.notes
            tenant_key: tenant_id
            subjectkey: author_id
            columns: {}
        """);

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertProblem(p, 5, "entities.notes.subjectkey", "unknown field 'subjectkey'; did you mean 'subject_key'?"),
        p -> assertProblem(p, 6, "entities.notes.columns", "entity 'notes' has no columns"));
  }
}
