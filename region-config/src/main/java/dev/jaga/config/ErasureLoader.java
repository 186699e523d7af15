package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads erasure.yaml into {@link ErasurePolicy}, reporting every mistake with its line and field path. */
final class ErasureLoader {
  static final String FILE = "erasure.yaml";

  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");

  private final int before;
  private final Problems problems;

  private ErasureLoader(Problems problems) {
    this.problems = problems;
    this.before = problems.count();
  }

  static Optional<ErasurePolicy> load(Path file, Problems problems) {
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    return new ErasureLoader(problems).read(root.get());
  }

  private Optional<ErasurePolicy> read(YamlMap root) {
    ErasurePolicy d = ErasurePolicy.DEFAULT;
    root.allowOnly(List.of("tenant_deletion", "subject_requests", "sweepers"));
    Period grace = d.tenantDeletionGrace();
    Optional<YamlMap> deletion = root.get("tenant_deletion").flatMap(YamlNode::asMap);
    if (deletion.isPresent()) {
      deletion.get().allowOnly(List.of("grace_period"));
      grace = deletion.get().get("grace_period").flatMap(this::grace).orElse(grace);
    }
    int defaultDue = d.defaultDueDays();
    Map<String, Integer> byCountry = new LinkedHashMap<>();
    int escalate = d.escalateAfterDays();
    Optional<YamlNode> escalateNode = Optional.empty();
    Optional<YamlMap> requests = root.get("subject_requests").flatMap(YamlNode::asMap);
    if (requests.isPresent()) {
      requests.get().allowOnly(List.of("due_days", "escalate_after_days"));
      Optional<YamlMap> due = requests.get().get("due_days").flatMap(YamlNode::asMap);
      if (due.isPresent()) {
        for (Map.Entry<String, YamlNode> e : due.get().fields().entrySet()) {
          Optional<Integer> days = days(e.getValue());
          if (e.getKey().equals("default")) {
            defaultDue = days.orElse(defaultDue);
          } else if (!COUNTRY.matcher(e.getKey()).matches()) {
            e.getValue().problem("'" + e.getKey() + "' is neither default nor an ISO 3166-1 alpha-2 country"
                + " code in upper case such as ID, SG or DE");
          } else {
            days.ifPresent(n -> byCountry.put(e.getKey(), n));
          }
        }
      }
      escalateNode = requests.get().get("escalate_after_days");
      escalate = escalateNode.flatMap(this::days).orElse(escalate);
    }
    int shortest = byCountry.values().stream().reduce(defaultDue, Math::min);
    if (escalate >= shortest) {
      String where = escalateNode.map(YamlNode::path).orElse("subject_requests.escalate_after_days");
      problems.report(FILE, escalateNode.map(YamlNode::line).orElse(0), where,
          "escalate_after_days (" + escalate + ") must be fewer than every due_days value (the shortest is "
              + shortest + "), or the escalation would come after the deadline");
    }
    Duration retention = d.retentionSweep();
    Duration requestClock = d.requestClockSweep();
    Duration purge = d.tenantPurgeSweep();
    Optional<YamlMap> sweepers = root.get("sweepers").flatMap(YamlNode::asMap);
    if (sweepers.isPresent()) {
      sweepers.get().allowOnly(List.of("retention", "request_clock", "tenant_purge"));
      retention = sweepers.get().get("retention").flatMap(this::interval).orElse(retention);
      requestClock = sweepers.get().get("request_clock").flatMap(this::interval).orElse(requestClock);
      purge = sweepers.get().get("tenant_purge").flatMap(this::interval).orElse(purge);
    }
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new ErasurePolicy(grace, defaultDue, byCountry, escalate, retention, requestClock, purge));
  }

  private Optional<Period> grace(YamlNode node) {
    return node.asText().flatMap(text -> {
      Optional<Period> period = Periods.parsePositive(text);
      if (period.isEmpty()) {
        node.problem("invalid period '" + text + "'; " + Periods.HINT);
      } else if (period.get().getYears() == 0 && period.get().getMonths() == 0 && period.get().getDays() < 1) {
        node.problem("grace_period must be at least P1D");
        return Optional.empty();
      }
      return period;
    });
  }

  private Optional<Integer> days(YamlNode node) {
    return node.asText().flatMap(text -> {
      try {
        int value = Integer.parseInt(text);
        if (value >= 1 && value <= 365) {
          return Optional.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below, with what a valid value looks like
      }
      node.problem("'" + text + "' is not a number of days from 1 to 365");
      return Optional.empty();
    });
  }

  private Optional<Duration> interval(YamlNode node) {
    return node.asText().flatMap(text -> {
      try {
        Duration d = Duration.parse(text);
        if (d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofDays(1)) <= 0) {
          return Optional.of(d);
        }
        node.problem("'" + text + "' must be between PT1S and P1D");
      } catch (DateTimeException e) {
        node.problem("'" + text + "' is not an ISO-8601 duration such as PT1H or PT15M");
      }
      return Optional.empty();
    });
  }
}
