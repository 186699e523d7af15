package dev.jaga.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement semantics relative to a home region, computed by hand for the fixture's four regions. */
class ResidencyMapTest {

  @TempDir
  Path dir;

  private ResidencyMap map;

  @BeforeEach
  void load() throws Exception {
    map = new ConfigFixture(dir).load().residencyMap();
  }

  private static Placement placement(String text) {
    return Placement.parse(text).orElseThrow();
  }

  @Test
  void regionsFor_eachPlacementKind_followsTheHomeRegion() {
    assertThat(map.regionsFor(placement("home"), "id-jkt")).containsExactly("id-jkt");
    // id-sby is inactive but declared: it still counts for residency.
    assertThat(map.regionsFor(placement("country"), "id-jkt")).containsExactly("id-jkt", "id-sby");
    assertThat(map.regionsFor(placement("country"), "eu-fra")).containsExactly("eu-fra");
    assertThat(map.regionsFor(placement("group:asean"), "id-jkt")).containsExactly("id-jkt", "id-sby", "sg-sin");
    assertThat(map.regionsFor(placement("group:asean"), "eu-fra")).containsExactly("eu-fra", "id-jkt", "id-sby", "sg-sin");
    assertThat(map.regionsFor(placement("region:sg-sin"), "eu-fra")).containsExactly("eu-fra", "sg-sin");
    assertThat(map.regionsFor(placement("any"), "sg-sin")).containsExactly("eu-fra", "id-jkt", "id-sby", "sg-sin");
  }

  @Test
  void allowedRegions_anonymizedCondition_keepsRawDataAtHome() {
    assertThat(map.regionsFor(placement("any"), "id-jkt")).hasSize(4);
    assertThat(map.allowedRegions("edge-co", "id-jkt", DataClass.TELEMETRY)).containsExactly("id-jkt");
    assertThat(map.allowedRegions("edge-co", "id-jkt", DataClass.FINANCIAL)).containsExactly("id-jkt", "sg-sin");
    assertThat(map.allowedRegions("edge-co", "id-jkt", DataClass.PERSONAL)).containsExactly("id-jkt", "id-sby", "sg-sin");
  }

  @Test
  void allowedRegions_overriddenAndUnlistedTenants_useOverrideAndDefaultPreset() {
    assertThat(map.allowedRegions("acme-id", "id-jkt", DataClass.TELEMETRY)).containsExactly("id-jkt");
    assertThat(map.allowedRegions("acme-id", "id-jkt", DataClass.PERSONAL)).containsExactly("id-jkt", "id-sby");
    assertThat(map.allowedRegions("someone-new", "id-sby", DataClass.TELEMETRY)).containsExactly("id-jkt", "id-sby");
    assertThat(map.allowedRegions("acme-id", "id-jkt")).hasSize(DataClass.values().length)
        .containsEntry(DataClass.SECRET, new TreeSet<>(Set.of("id-jkt")));
  }

  @Test
  void allowedRegions_undeclaredHome_throws() {
    assertThatThrownBy(() -> map.allowedRegions("acme-id", "xx-yyy", DataClass.PERSONAL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown home region 'xx-yyy'");
    assertThatThrownBy(() -> map.allowedRegions("edge-co", "xx-yyy", DataClass.TELEMETRY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
