package dev.jaga.config;

import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One class rule as written in residency.yaml, before defaults: a preset's rule must give {@code where},
 * an override may leave any field out to keep the preset's value.
 */
record RuleSpec(
    Optional<Placement> where,
    Optional<Set<Condition>> conditions,
    Optional<ExportPolicy> export,
    Optional<Retention> retention,
    YamlMap fields) {

  static final String WHERE_HINT = "home, country, group:<name>, region:<id> or any";

  /** Reads a rule, or returns empty after reporting its problems so that no check runs on a half-read rule. */
  static Optional<RuleSpec> read(YamlNode node, boolean override, Optional<Geography> geography, Problems problems) {
    int before = problems.count();
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("where", "conditions", "export", "retention"));
    Optional<YamlNode> whereNode = override ? m.get("where") : m.required("where", "add where: " + WHERE_HINT);
    Optional<Placement> where = whereNode.flatMap(n -> placement(n, geography));
    Optional<Set<Condition>> conditions = m.get("conditions").flatMap(RuleSpec::conditions);
    Optional<ExportPolicy> export = m.get("export").flatMap(n -> n.asText().flatMap(text -> {
      Optional<ExportPolicy> policy = ExportPolicy.fromId(text);
      if (policy.isEmpty()) {
        n.problem("unknown export policy '" + text + "'; expected " + EnumIds.list(ExportPolicy.class));
      }
      return policy;
    }));
    Optional<Retention> retention = m.get("retention").flatMap(RuleSpec::retention);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new RuleSpec(where, conditions, export, retention, m));
  }

  /** The complete rule of a preset; only for specs read with {@code override = false}. */
  ClassRule toPresetRule() {
    return new ClassRule(where.orElseThrow(), conditions.orElse(Set.of()), export.orElse(ExportPolicy.ALLOW),
        retention);
  }

  /** The complete rule in force after applying this override to the preset's rule. */
  ClassRule mergeInto(ClassRule base) {
    return new ClassRule(where.orElse(base.where()), conditions.orElse(base.conditions()),
        export.orElse(base.export()), base.retention());
  }

  private static Optional<Placement> placement(YamlNode node, Optional<Geography> geography) {
    return node.asText().flatMap(text -> {
      Optional<Placement> placement = Placement.parse(text);
      if (placement.isEmpty()) {
        node.problem("invalid placement '" + text + "'; expected " + WHERE_HINT);
        return placement;
      }
      Placement p = placement.get();
      // Without a readable regions.yaml the names cannot be checked; that file's own problem is reported.
      if (geography.isPresent() && p.kind() == Placement.Kind.GROUP
          && !geography.get().groupNames().contains(p.target())) {
        node.problem("unknown group '" + p.target() + "'; known groups: "
            + String.join(", ", geography.get().groupNames()));
        return Optional.empty();
      }
      if (geography.isPresent() && p.kind() == Placement.Kind.REGION
          && !geography.get().countries().containsKey(p.target())) {
        node.problem("unknown region '" + p.target() + "'; declared regions: "
            + String.join(", ", geography.get().regionIds()));
        return Optional.empty();
      }
      return placement;
    });
  }

  private static Optional<Set<Condition>> conditions(YamlNode node) {
    return node.asList().flatMap(items -> {
      Set<Condition> out = EnumSet.noneOf(Condition.class);
      boolean ok = true;
      for (YamlNode item : items) {
        Optional<Condition> condition = item.asText().flatMap(text -> {
          Optional<Condition> known = Condition.fromId(text);
          if (known.isEmpty()) {
            item.problem("unknown condition '" + text + "'; known conditions: " + EnumIds.list(Condition.class));
          }
          return known;
        });
        condition.ifPresent(out::add);
        ok &= condition.isPresent();
      }
      return ok ? Optional.of(out) : Optional.empty();
    });
  }

  private static Optional<Retention> retention(YamlNode node) {
    return node.asMap().flatMap(m -> {
      m.allowOnly(List.of("period", "basis"));
      Optional<Period> period = m.required("period", "add period: <ISO-8601 period>, e.g. P10Y")
          .flatMap(n -> n.asText().flatMap(text -> {
            Optional<Period> parsed = Periods.parsePositive(text);
            if (parsed.isEmpty()) {
              n.problem("invalid period '" + text + "'; " + Periods.HINT);
            }
            return parsed;
          }));
      Optional<String> basis = m.required("basis",
              "retention needs a legal basis: name the law or contract that requires keeping the data")
          .flatMap(YamlNode::asText);
      return period.isPresent() && basis.isPresent()
          ? Optional.of(new Retention(period.get(), basis.get()))
          : Optional.empty();
    });
  }
}
