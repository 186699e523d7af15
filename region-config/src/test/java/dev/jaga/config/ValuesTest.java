package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types: placement and action spellings, and how problems are rendered. */
class ValuesTest {

  @Test
  void parsePlacement_everyForm_roundTripsAndRejectsTheRest() {
    for (String text : List.of("home", "country", "any", "group:asean", "region:sg-sin")) {
      assertThat(Placement.parse(text)).hasValueSatisfying(p -> assertThat(p).hasToString(text));
    }
    assertThat(Placement.parse("group:asean").orElseThrow()).isEqualTo(new Placement(Placement.Kind.GROUP, "asean"));
    for (String text : List.of("Home", "group:", "region:sg", "region:SG-SIN", "planet", "group:a b")) {
      assertThat(Placement.parse(text)).as(text).isEmpty();
    }
  }

  @Test
  void parseExportAction_spellings_mapToRecords() {
    assertThat(ExportAction.parse("include")).contains(new ExportAction.Include());
    assertThat(ExportAction.parse("never")).contains(new ExportAction.Never());
    assertThat(ExportAction.parse("mask:email-domain")).contains(new ExportAction.Mask(MaskKind.EMAIL_DOMAIN));
    assertThat(ExportAction.parse("mask:last4").orElseThrow()).hasToString("mask:last4");
    assertThat(ExportAction.parse("mask:")).isEmpty();
    assertThat(ExportAction.parse("mask:email_domain")).isEmpty();
  }

  @Test
  void parseErasureAction_retainBasis_mayContainColonsAndSpaces() {
    assertThat(ErasureAction.parse("retain:P10Y:UU 8/1997: art. 11"))
        .contains(new ErasureAction.Retain(Period.ofYears(10), "UU 8/1997: art. 11"));
    assertThat(ErasureAction.parse("anonymize:deleted-user")).contains(new ErasureAction.Anonymize(AnonymizeKind.DELETED_USER));
    assertThat(ErasureAction.parse("delete")).contains(new ErasureAction.Delete());
    assertThat(ErasureAction.parse("keep")).contains(new ErasureAction.Keep());
    for (String text : List.of("retain:P10Y", "retain:P10Y: ", "retain:P0Y:law", "retain:-P1Y:law", "retain:10y:law",
        "anonymize:blur", "remove")) {
      assertThat(ErasureAction.parse(text)).as(text).isEmpty();
    }
  }

  @Test
  void fromId_yamlSpellings_resolveAndUnknownIsEmpty() {
    assertThat(DataClass.fromId("telemetry")).contains(DataClass.TELEMETRY);
    assertThat(DataClass.SENSITIVE.id()).isEqualTo("sensitive");
    assertThat(DataClass.fromId("TELEMETRY")).isEmpty();
    assertThat(Identifier.fromId("user-id")).contains(Identifier.USER_ID);
    assertThat(ExportPolicy.NEVER.atLeastAsStrictAs(ExportPolicy.APPROVAL)).isTrue();
    assertThat(ExportPolicy.ALLOW.atLeastAsStrictAs(ExportPolicy.APPROVAL)).isFalse();
  }

  @Test
  void toString_problemWithoutLineOrPath_omitsThem() {
    assertThat(new ConfigProblem("residency.yaml", 14, "presets.x.classes.personal.where", "unknown group 'asia'"))
        .hasToString("residency.yaml:14: presets.x.classes.personal.where: unknown group 'asia'");
    assertThat(new ConfigProblem("catalog.yaml", 0, "", "file not found")).hasToString("catalog.yaml: file not found");
    assertThat(new ConfigException(List.of(new ConfigProblem("a.yaml", 1, "x", "bad"), new ConfigProblem("b.yaml", 0, "", "gone"))))
        .hasMessage("invalid region configuration:\na.yaml:1: x: bad\nb.yaml: gone");
  }
}
