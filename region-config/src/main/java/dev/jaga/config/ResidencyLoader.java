package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads residency.yaml into {@link Residency}, checking it against the regions and groups of regions.yaml. */
final class ResidencyLoader {

  static final String FILE = "residency.yaml";

  private static final Pattern PRESET_NAME = Pattern.compile("^[a-z][a-z0-9-]*$");
  private static final Pattern TENANT_ID = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");
  private static final String CLASSES = EnumIds.list(DataClass.class);

  private final Optional<Geography> geography;
  private final Problems problems;
  private final Set<String> declaredPresets = new LinkedHashSet<>(); // includes broken ones, to avoid follow-on noise
  private final Map<String, Preset> presets = new LinkedHashMap<>();
  private final Map<String, TenantResidency> tenants = new LinkedHashMap<>();

  private ResidencyLoader(Optional<Geography> geography, Problems problems) {
    this.geography = geography;
    this.problems = problems;
  }

  /** Returns the residency rules when residency.yaml is valid; {@code geography} is empty if regions.yaml is unreadable. */
  static Optional<Residency> load(Path file, Optional<Geography> geography, Problems problems) {
    int before = problems.count();
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    ResidencyLoader loader = new ResidencyLoader(geography, problems);
    Optional<String> defaultPreset = loader.read(root.get());
    return problems.count() == before && defaultPreset.isPresent()
        ? Optional.of(new Residency(defaultPreset.get(), loader.presets, loader.tenants))
        : Optional.empty();
  }

  private Optional<String> read(YamlMap root) {
    root.allowOnly(List.of("default_preset", "presets", "tenants"));
    root.required("presets", "declare at least one preset, e.g. in-country: { description: ..., classes: ... }")
        .flatMap(YamlNode::asMap)
        .ifPresent(m -> m.fields().forEach(this::readPreset));
    Optional<String> defaultPreset = root.required("default_preset",
            "add default_preset: <preset for tenants not listed under tenants>")
        .flatMap(this::presetName);
    root.get("tenants").flatMap(YamlNode::asMap).ifPresent(m -> m.fields().forEach(
        (id, node) -> readTenant(id, node, defaultPreset)));
    return defaultPreset;
  }

  private void readPreset(String name, YamlNode node) {
    declaredPresets.add(name);
    if (!PRESET_NAME.matcher(name).matches()) {
      node.problem("preset name '" + name + "' must be lower-case letters, digits and hyphens, e.g. in-country");
    }
    node.asMap().ifPresent(m -> {
      m.allowOnly(List.of("description", "classes"));
      String description = m.get("description").flatMap(YamlNode::asText).orElse("");
      Map<DataClass, ClassRule> rules = new EnumMap<>(DataClass.class);
      m.required("classes", "add classes: with a rule for each of " + CLASSES)
          .flatMap(YamlNode::asMap)
          .ifPresent(classes -> readPresetClasses(classes, rules));
      presets.put(name, new Preset(name, description, rules));
    });
  }

  private void readPresetClasses(YamlMap classes, Map<DataClass, ClassRule> rules) {
    Set<DataClass> written = new LinkedHashSet<>();
    classes.fields().forEach((key, ruleNode) -> {
      Optional<DataClass> dataClass = dataClass(key, ruleNode);
      // The rule is read even under an unknown class name, so its own mistakes surface in the same run.
      Optional<ClassRule> rule = RuleSpec.read(ruleNode, false, geography, problems).map(RuleSpec::toPresetRule);
      dataClass.ifPresent(c -> {
        written.add(c);
        rule.ifPresent(r -> {
          if (c == DataClass.SECRET && r.export() != ExportPolicy.NEVER) {
            YamlNode at = ruleNode.asMap().flatMap(m -> m.get("export")).orElse(ruleNode);
            at.problem("data class 'secret' (credentials, session tokens, API keys) must never leave the "
                + "product; set export: never");
          }
          rules.put(c, r);
        });
      });
    });
    for (DataClass c : DataClass.values()) {
      if (!written.contains(c)) {
        classes.node().problem("no rule for data class '" + c.id() + "': every preset must place every class; "
            + "add " + c.id() + ": { where: ... } with where one of " + RuleSpec.WHERE_HINT);
      }
    }
  }

  private void readTenant(String id, YamlNode node, Optional<String> defaultPreset) {
    if (!TENANT_ID.matcher(id).matches()) {
      node.problem("tenant id '" + id + "' must be 3-63 lower-case letters, digits and hyphens, starting with a "
          + "letter and not ending with a hyphen, e.g. acme-id");
    }
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return;
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("preset", "overrides"));
    Optional<String> presetName = m.get("preset").isPresent()
        ? m.get("preset").flatMap(this::presetName)
        : defaultPreset;
    Optional<Preset> preset = presetName.map(presets::get);
    Map<DataClass, ClassRule> overrides = new EnumMap<>(DataClass.class);
    m.get("overrides").flatMap(YamlNode::asMap).ifPresent(classes -> classes.fields().forEach((key, ruleNode) -> {
      Optional<DataClass> dataClass = dataClass(key, ruleNode);
      Optional<RuleSpec> spec = RuleSpec.read(ruleNode, true, geography, problems);
      spec.flatMap(RuleSpec::retention).ifPresent(r -> spec.get().fields().get("retention").orElseThrow()
          .problem("overrides may not set retention: it follows the legal basis in the preset; "
              + "change the preset instead"));
      // A broken or unknown preset is reported on its own; there is nothing to compare the override with.
      Optional<ClassRule> base = dataClass.flatMap(c -> preset.map(p -> p.rules().get(c)));
      if (spec.isPresent() && base.isPresent()) {
        Narrowing.check(spec.get(), base.get(), preset.get().name(), geography);
        overrides.put(dataClass.get(), spec.get().mergeInto(base.get()));
      }
    }));
    presetName.ifPresent(p -> tenants.put(id, new TenantResidency(id, p, overrides)));
  }

  private Optional<String> presetName(YamlNode node) {
    return node.asText().filter(name -> {
      if (!declaredPresets.contains(name)) {
        node.problem("unknown preset '" + name + "'; declared presets: " + String.join(", ", declaredPresets));
        return false;
      }
      return true;
    });
  }

  private static Optional<DataClass> dataClass(String key, YamlNode node) {
    Optional<DataClass> c = DataClass.fromId(key);
    if (c.isEmpty()) {
      node.problem("unknown data class '" + key + "'; known classes: " + CLASSES);
    }
    return c;
  }
}
