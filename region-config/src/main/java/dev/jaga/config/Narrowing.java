package dev.jaga.config;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Checks that a tenant's override only narrows its preset's rule, and reports what it widened otherwise. */
final class Narrowing {

  private static final String ONLY_NARROW = "; overrides may only narrow";

  private Narrowing() {}

  static void check(RuleSpec override, ClassRule base, String presetName, Optional<Geography> geography) {
    ClassRule merged = override.mergeInto(base);
    override.where().ifPresent(where -> geography.ifPresent(geo -> checkWhere(override, where, base, presetName, geo)));
    if (!merged.export().atLeastAsStrictAs(base.export())) {
      override.fields().get("export").orElseThrow().problem("override widens the rule: export '"
          + merged.export().id() + "' is less strict than '" + base.export().id() + "' in preset '" + presetName
          + "'" + ONLY_NARROW);
    }
    for (Condition condition : base.conditions()) {
      if (!merged.conditions().contains(condition)) {
        override.fields().get("conditions").orElseThrow().problem("override widens the rule: it drops condition '"
            + condition.id() + "' that preset '" + presetName + "' requires" + ONLY_NARROW);
      }
    }
  }

  /**
   * Placements are relative to the home region, so one override can narrow for a tenant homed in one
   * region and widen for another; it must narrow for every declared region taken as the home.
   */
  private static void checkWhere(RuleSpec override, Placement where, ClassRule base, String presetName,
      Geography geo) {
    for (String home : geo.regionIds()) {
      SortedSet<String> extra = new TreeSet<>(geo.regionsFor(where, home));
      extra.removeAll(geo.regionsFor(base.where(), home));
      if (!extra.isEmpty()) {
        override.fields().get("where").orElseThrow().problem("override widens the rule: '" + where + "' allows "
            + String.join(", ", extra) + " for a tenant homed in " + home + ", which preset '" + presetName
            + "' ('" + base.where() + "') does not" + ONLY_NARROW);
        return;
      }
    }
  }
}
