package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in regions.yaml, residency.yaml and catalog.yaml load cleanly and place the demo tenants as intended. */
class RealConfigTest {

  /** The module directory: Maven runs tests there; jaga.root (the repository root) is the fallback. */
  private static final Path MODULE = Files.exists(Path.of("regions.yaml"))
      ? Path.of("").toAbsolutePath()
      : Path.of(System.getProperty("jaga.root", "..")).resolve("region-config").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  void load_checkedInFiles_haveNoProblems() throws Exception {
    assumeTrue(Files.exists(MODULE.resolve("catalog.yaml")), "catalog.yaml is not written yet");

    RegionConfig config = RegionConfig.load(MODULE);

    assertThat(config.regions().active()).extracting(Region::id).containsExactly("id-jkt", "sg-sin", "eu-fra");
    assertThat(config.regions().require("id-jkt").archiveDir())
        .isEqualTo(MODULE.getParent().resolve("var/id-jkt/archives"));
    assertThat(config.catalog().entities()).isNotEmpty();
    assertThat(config.erasure().tenantDeletionGrace()).isEqualTo(java.time.Period.ofDays(30));
    assertThat(config.erasure().escalateAfterDays()).isEqualTo(25);
  }

  @Test
  void allowedRegions_demoTenants_matchTheIntendedPatterns() throws Exception {
    RegionConfig config = realRegionsAndResidency();
    ResidencyMap map = config.residencyMap();
    Set<String> jakarta = Set.of("id-jkt");
    Set<String> indonesia = Set.of("id-jkt", "id-sby");
    Set<String> asean = Set.of("id-jkt", "id-sby", "sg-sin");

    // acme-id, in-country, homed in Jakarta, telemetry narrowed to the home region.
    assertThat(map.allowedRegions("acme-id", "id-jkt")).isEqualTo(expected(
        indonesia, jakarta, indonesia, indonesia, indonesia, jakarta, jakarta));
    // sinar-id, regional primary: ASEAN except sensitive data and secrets.
    assertThat(map.allowedRegions("sinar-id", "id-jkt")).isEqualTo(expected(
        asean, jakarta, asean, asean, asean, asean, jakarta));
    // merlion-sg, local core / global edge: Singapore is the only SG region; edge data leaves only anonymized.
    Set<String> singapore = Set.of("sg-sin");
    assertThat(map.allowedRegions("merlion-sg", "sg-sin")).isEqualTo(expected(
        singapore, singapore, singapore, singapore, singapore, singapore, singapore));
    assertThat(map.regionsFor(config.residency().rulesFor("merlion-sg")
        .get(DataClass.TELEMETRY).where(), "sg-sin")).containsExactly("eu-fra", "id-jkt", "id-sby", "sg-sin");
    // fjord-eu, split by class: every class stays in the EU, which here is Frankfurt alone.
    Set<String> frankfurt = Set.of("eu-fra");
    assertThat(map.allowedRegions("fjord-eu", "eu-fra")).isEqualTo(expected(
        frankfurt, frankfurt, frankfurt, frankfurt, frankfurt, frankfurt, frankfurt));
    // The same preset for a tenant homed in Jakarta shows each class placed on its own.
    assertThat(map.allowedRegions("fjord-eu", "id-jkt")).isEqualTo(expected(
        Set.of("id-jkt", "eu-fra"), jakarta, Set.of("id-jkt", "eu-fra"), Set.of("id-jkt", "eu-fra"),
        Set.of("id-jkt", "eu-fra"), jakarta, jakarta));
  }

  @Test
  void load_realResidency_hasFourPresetsAndRealRetentionBases() throws Exception {
    Residency residency = realRegionsAndResidency().residency();

    assertThat(residency.defaultPreset()).isEqualTo("in-country");
    assertThat(residency.presets().keySet())
        .containsExactly("in-country", "regional-primary", "local-core-global-edge", "split-by-class");
    assertThat(residency.presets().values()).allSatisfy(preset -> {
      assertThat(preset.rules()).containsOnlyKeys(DataClass.values());
      assertThat(preset.rules().get(DataClass.SECRET).export()).isEqualTo(ExportPolicy.NEVER);
      assertThat(preset.rules().get(DataClass.FINANCIAL).retention()).hasValueSatisfying(
          r -> assertThat(r.basis()).containsPattern("Law|Act|Code"));
    });
    assertThat(residency.tenants().keySet()).containsExactly("acme-id", "sinar-id", "merlion-sg", "fjord-eu");
  }

  /** The real regions.yaml and residency.yaml with a one-entity catalog, so these tests do not wait on catalog.yaml. */
  private RegionConfig realRegionsAndResidency() throws Exception {
    Files.copy(MODULE.resolve("regions.yaml"), dir.resolve("regions.yaml"));
    Files.copy(MODULE.resolve("residency.yaml"), dir.resolve("residency.yaml"));
    Files.copy(MODULE.resolve("access.yaml"), dir.resolve("access.yaml"));
    Files.copy(MODULE.resolve("erasure.yaml"), dir.resolve("erasure.yaml"));
    Files.writeString(dir.resolve("catalog.yaml"), """
        entities:
          notes:
            table: app.notes
            tenant_key: tenant_id
            columns:
              body: { class: content, export: include, erase: delete }
        """);
    return RegionConfig.load(dir, MODULE.getParent());
  }

  /** Expected regions per class, in the order personal, sensitive, financial, content, activity, telemetry, secret. */
  @SafeVarargs
  private static Map<DataClass, SortedSet<String>> expected(Set<String>... perClass) {
    Map<DataClass, SortedSet<String>> out = new EnumMap<>(DataClass.class);
    for (DataClass c : DataClass.values()) {
      out.put(c, new TreeSet<>(perClass[c.ordinal()]));
    }
    return out;
  }
}
