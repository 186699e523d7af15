package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with a file as a whole (missing, not YAML, duplicate keys), and reporting many problems at once. */
class FileProblemsTest {

  @TempDir
  Path dir;

  @Test
  void load_missingFile_namesTheFile() throws Exception {
    ConfigFixture fixture = new ConfigFixture(dir);
    Files.delete(dir.resolve("catalog.yaml"));

    ConfigProblem only = fixture.onlyProblem();

    assertThat(only.file()).isEqualTo("catalog.yaml");
    assertThat(only.line()).isZero();
    assertThat(only.message()).contains("file not found", dir.resolve("catalog.yaml").toAbsolutePath().toString());
    assertThat(only.toString()).startsWith("catalog.yaml: file not found");
  }

  @Test
  void load_yamlSyntaxError_reportsTheLine() {
    ConfigFixture fixture = new ConfigFixture(dir).replace("regions.yaml", "groups: [eu]", "groups: [eu");

    ConfigProblem only = fixture.onlyProblem();

    assertThat(only.file()).isEqualTo("regions.yaml");
    assertThat(only.line()).isEqualTo(fixture.lineOf("regions.yaml", "groups: [eu") + 1);
    assertThat(only.message()).startsWith("YAML syntax error: expected ',' or ']'")
        .contains("while parsing a flow sequence that starts on line " + fixture.lineOf("regions.yaml", "groups: [eu"))
        .contains("check the indentation");
  }

  @Test
  void load_duplicateKey_reportsBothLines() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("residency.yaml", "      personal: { where: country }\n      sensitive",
            "      personal: { where: country }\n      personal: { where: any }\n      sensitive");

    ConfigProblem only = fixture.onlyProblem();

    assertThat(only.file()).isEqualTo("residency.yaml");
    assertThat(only.line()).isEqualTo(fixture.lineOf("residency.yaml", "personal: { where: any }"));
    assertThat(only.path()).isEqualTo("presets.in-country.classes.personal");
    assertThat(only.message()).isEqualTo("duplicate key 'personal' (first on line "
        + fixture.lineOf("residency.yaml", "personal: { where: country }\n".strip())
        + "); YAML keeps only one of them, so remove or rename one");
  }

  @Test
  void load_emptyFileOrListAtTheTop_isReported() {
    ConfigFixture fixture = new ConfigFixture(dir).write("regions.yaml", "# nothing yet\n").write("catalog.yaml", "- contacts\n");

    assertThat(fixture.problems()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::message)
        .containsExactly(
            tuple("regions.yaml", 0, "file is empty; see the comments in the checked-in example for its shape"),
            tuple("catalog.yaml", 1, "expected a mapping of fields (key: value), found a list"));
  }

  @Test
  void load_severalMistakesInSeveralFiles_reportsThemAllInOneException() {
    ConfigFixture fixture = new ConfigFixture(dir)
        .replace("regions.yaml", "country: SG", "country: Singapore")
        .replace("residency.yaml", "telemetry: { where: home }", "telemetry: { where: any }")
        .replace("residency.yaml", "default_preset: in-country", "default_preset: in-country\nlegacy: true")
        .replace("catalog.yaml", "class: financial", "clas: financial");

    try {
      fixture.load();
      throw new AssertionError("expected a ConfigException");
    } catch (ConfigException e) {
      assertThat(e.problems()).extracting(ConfigProblem::file, ConfigProblem::path).containsExactly(
          tuple("regions.yaml", "regions.sg-sin.country"),
          tuple("residency.yaml", "legacy"),
          tuple("residency.yaml", "tenants.acme-id.overrides.telemetry.where"),
          tuple("catalog.yaml", "entities.invoices.columns.card_number.clas"),
          tuple("catalog.yaml", "entities.invoices.columns.card_number"));
      assertThat(e.getMessage()).startsWith("invalid region configuration:\nregions.yaml:")
          .hasLineCount(6)
          .contains("residency.yaml:2: legacy: unknown field 'legacy'; expected fields: default_preset, presets, tenants");
    }
  }
}
