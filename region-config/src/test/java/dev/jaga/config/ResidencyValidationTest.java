package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in residency.yaml, including overrides that would widen a preset's rule. */
class ResidencyValidationTest {

  private static final String FILE = "residency.yaml";

  @TempDir
  Path dir;

  private ConfigFixture fixture() {
    return new ConfigFixture(dir);
  }

  private static void assertProblem(ConfigProblem problem, int line, String path, String... fragments) {
    assertThat(problem.file()).isEqualTo(FILE);
    assertThat(problem.line()).isEqualTo(line);
    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).contains(fragments);
  }

  @Test
  void load_placementNamesUndeclaredRegion_listsDeclaredRegions() {
    ConfigFixture fixture = fixture().replace(FILE, "where: \"region:sg-sin\"", "where: \"region:xx-yyy\"");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "xx-yyy"), "presets.edge.classes.financial.where",
        "unknown region 'xx-yyy'; declared regions: id-jkt, id-sby, sg-sin, eu-fra");
  }

  @Test
  void load_placementNamesUnknownGroup_listsKnownGroups() {
    ConfigFixture fixture = fixture().replace(FILE, "personal: { where: country }", "personal: { where: \"group:asia\" }");

    ConfigProblem only = fixture.onlyProblem();

    assertProblem(only, fixture.lineOf(FILE, "group:asia"), "presets.in-country.classes.personal.where",
        "unknown group 'asia'; known groups: asean, eu");
    assertThat(only.toString()).isEqualTo("residency.yaml:" + only.line()
        + ": presets.in-country.classes.personal.where: unknown group 'asia'; known groups: asean, eu");
  }

  @Test
  void load_misspelledDataClass_reportsTheKeyAndTheMissingClass() {
    ConfigFixture fixture = fixture().replace(FILE, "personal: { where: country }", "persnal: { where: country }");

    List<ConfigProblem> problems = fixture.problems();

    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), fixture.lineOf(FILE, "everything in the home country") + 1, "presets.in-country.classes",
        "no rule for data class 'personal': every preset must place every class");
    assertProblem(problems.get(1), fixture.lineOf(FILE, "persnal"), "presets.in-country.classes.persnal",
        "unknown data class 'persnal'; known classes: personal, sensitive, financial, content, activity, "
            + "telemetry, secret");
  }

  @Test
  void load_presetWithoutTelemetry_saysEveryClassMustBePlaced() {
    ConfigFixture fixture = fixture().replace(FILE, "      telemetry: { where: any, conditions: [anonymized] }\n", "");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "edge:") + 1, "presets.edge.classes",
        "no rule for data class 'telemetry': every preset must place every class");
  }

  @Test
  void load_overrideWithWiderPlacement_saysWhatWidened() {
    ConfigFixture fixture = fixture().replace(FILE, "telemetry: { where: home }", "telemetry: { where: \"group:asean\" }");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "telemetry: { where: \"group:asean\" }"),
        "tenants.acme-id.overrides.telemetry.where",
        "override widens the rule: 'group:asean' allows sg-sin for a tenant homed in id-jkt, which preset "
            + "'in-country' ('country') does not; overrides may only narrow");
  }

  @Test
  void load_overrideWiderOnlyForSomeHome_isStillRefused() {
    // region:id-jkt is inside "country" for an Indonesian tenant but adds id-jkt for one homed in sg-sin.
    ConfigFixture fixture = fixture().replace(FILE, "telemetry: { where: home }", "telemetry: { where: \"region:id-jkt\" }");

    assertThat(fixture.onlyProblem().message())
        .contains("'region:id-jkt' allows id-jkt for a tenant homed in sg-sin");
  }

  @Test
  void load_overrideLooserExportOrDroppedCondition_isRefused() {
    ConfigFixture fixture = fixture().replace(FILE, "    preset: edge\n",
        "    preset: edge\n    overrides:\n      sensitive: { export: allow }\n      activity: { where: country, conditions: [] }\n");

    List<ConfigProblem> problems = fixture.problems();

    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), fixture.lineOf(FILE, "export: allow"), "tenants.edge-co.overrides.sensitive.export",
        "override widens the rule: export 'allow' is less strict than 'approval' in preset 'edge'");
    assertProblem(problems.get(1), fixture.lineOf(FILE, "conditions: []"),
        "tenants.edge-co.overrides.activity.conditions", "drops condition 'anonymized'");
  }

  @Test
  void load_narrowingOverrides_areAcceptedAndMergedWithThePreset() throws Exception {
    ConfigFixture fixture = fixture().replace(FILE, "    preset: edge\n",
        "    preset: edge\n    overrides:\n      personal: { where: country }\n      financial: { export: never }\n"
            + "      content: { conditions: [anonymized] }\n");

    Residency residency = fixture.load().residency();

    ClassRule base = residency.presets().get("edge").rules().get(DataClass.FINANCIAL);
    assertThat(residency.rulesFor("edge-co")).containsEntry(DataClass.PERSONAL,
            new ClassRule(new Placement(Placement.Kind.COUNTRY, null), Set.of(), ExportPolicy.ALLOW, Optional.empty()))
        .containsEntry(DataClass.FINANCIAL, new ClassRule(base.where(), Set.of(), ExportPolicy.NEVER, Optional.empty()))
        .containsEntry(DataClass.CONTENT, new ClassRule(new Placement(Placement.Kind.COUNTRY, null),
            Set.of(Condition.ANONYMIZED), ExportPolicy.ALLOW, Optional.empty()));
    assertThat(residency.rulesFor("acme-id").get(DataClass.TELEMETRY).where().kind()).isEqualTo(Placement.Kind.HOME);
    assertThat(residency.rulesFor("acme-id").get(DataClass.FINANCIAL).retention())
        .contains(new Retention(Period.ofYears(10), "company documents law: 10 years"));
    assertThat(residency.presetOf("unlisted-tenant")).isEqualTo("in-country");
  }

  @Test
  void load_overrideSettingRetention_isRefused() {
    ConfigFixture fixture = fixture().replace(FILE, "telemetry: { where: home }",
        "telemetry: { where: home, retention: { period: P1Y, basis: contract } }");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "basis: contract"),
        "tenants.acme-id.overrides.telemetry.retention", "overrides may not set retention");
  }

  @Test
  void load_exportableSecret_isRefused() {
    ConfigFixture fixture = fixture().replace(FILE, "secret: { where: home, export: never }\n  edge:",
        "secret: { where: home, export: approval }\n  edge:");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "secret: { where: home, export: approval }"),
        "presets.in-country.classes.secret.export", "data class 'secret'", "set export: never");
  }

  @Test
  void load_badPeriodAndMissingBasis_areReported() {
    ConfigFixture fixture = fixture().replace(FILE, "{ period: P10Y, basis: \"company documents law: 10 years\" }",
        "{ period: P10X }");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertProblem(p, fixture.lineOf(FILE, "P10X"), "presets.in-country.classes.financial.retention.period",
            "invalid period 'P10X'", "ISO-8601"),
        p -> assertProblem(p, fixture.lineOf(FILE, "P10X"), "presets.in-country.classes.financial.retention.basis",
            "missing required field 'basis'", "legal basis"));
  }

  @Test
  void load_badWhereAndUnknownPresets_areReported() {
    ConfigFixture fixture = fixture()
        .replace(FILE, "default_preset: in-country", "default_preset: everywhere")
        .replace(FILE, "    preset: edge\n", "    preset: egde\n")
        .replace(FILE, "content: { where: country }\n      activity: { where: any",
            "content: { where: continent }\n      activity: { where: any");

    assertThat(fixture.problems()).satisfiesExactly(
        p -> assertProblem(p, 1, "default_preset", "unknown preset 'everywhere'; declared presets: in-country, edge"),
        p -> assertProblem(p, fixture.lineOf(FILE, "continent"), "presets.edge.classes.content.where",
            "invalid placement 'continent'; expected home, country, group:<name>, region:<id> or any"),
        p -> assertProblem(p, fixture.lineOf(FILE, "egde"), "tenants.edge-co.preset", "unknown preset 'egde'"));
  }

  @Test
  void load_badTenantId_isRefused() {
    ConfigFixture fixture = fixture().replace(FILE, "  edge-co:", "  Edge_Co:");

    assertProblem(fixture.onlyProblem(), fixture.lineOf(FILE, "Edge_Co"), "tenants.Edge_Co", "tenant id 'Edge_Co'");
  }
}
