package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads exports.yaml into {@link ExportSettings}, reporting every mistake with its line and field path. */
final class ExportsLoader {
  static final String FILE = "exports.yaml";

  private final Set<String> knownRoles;
  private boolean ok = true;

  private ExportsLoader(Set<String> knownRoles) {
    this.knownRoles = knownRoles;
  }

  /**
   * Loads the file, or the defaults when there is none; {@code roles} are access.yaml's role names (empty when access.yaml failed, and
   * then role names are not checked).
   */
  static Optional<ExportSettings> load(Path file, Optional<Set<String>> roles, Problems problems) {
    if (!java.nio.file.Files.exists(file)) {
      // Optional: a region that has not written one governs its archives by the defaults.
      return Optional.of(ExportSettings.DEFAULTS);
    }
    int before = problems.count();
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    ExportSettings settings = new ExportsLoader(roles.orElse(null)).read(root.get());
    return problems.count() == before && settings != null ? Optional.of(settings) : Optional.empty();
  }

  private ExportSettings read(YamlMap root) {
    root.allowOnly(List.of("approval", "quotas", "download", "archive_retention", "job"));
    ExportSettings d = ExportSettings.DEFAULTS;
    ExportSettings.Approval approval =
        root.get("approval").flatMap(YamlNode::asMap).map(this::approval).orElse(d.approval());
    ExportSettings.Quotas quotas =
        root.get("quotas").flatMap(YamlNode::asMap).map(this::quotas).orElse(d.quotas());
    ExportSettings.Download download =
        root.get("download").flatMap(YamlNode::asMap).map(this::download).orElse(d.download());
    Duration retention = duration(root, "archive_retention", d.archiveRetention());
    ExportSettings.Job job = root.get("job").flatMap(YamlNode::asMap).map(this::job).orElse(d.job());
    return ok ? new ExportSettings(approval, quotas, download, retention, job) : null;
  }

  private ExportSettings.Approval approval(YamlMap m) {
    m.allowOnly(List.of("sensitive_classes", "max_rows", "max_bytes", "roles"));
    ExportSettings.Approval d = ExportSettings.DEFAULTS.approval();
    boolean sensitive = m.get("sensitive_classes").map(n -> n.asBoolean().orElseGet(() -> {
      ok = false;
      return d.sensitiveClasses();
    })).orElse(d.sensitiveClasses());
    long rows = m.get("max_rows").map(n -> positive(n, d.maxRows())).orElse(d.maxRows());
    long bytes = m.get("max_bytes").map(n -> positive(n, d.maxBytes())).orElse(d.maxBytes());
    Set<String> roles = new LinkedHashSet<>();
    m.get("roles").flatMap(YamlNode::asList).ifPresent(items -> items.forEach(item -> item.asText().ifPresent(r -> {
      if (check(item, knownRoles == null || knownRoles.contains(r),
          "unknown role '" + r + "'; roles of access.yaml: " + (knownRoles == null ? "" : String.join(", ", knownRoles)))) {
        roles.add(r);
      }
    })));
    return new ExportSettings.Approval(sensitive, rows, bytes, roles);
  }

  private ExportSettings.Quotas quotas(YamlMap m) {
    m.allowOnly(List.of("exports_per_tenant_per_day", "exports_per_user_per_day", "running_per_tenant"));
    ExportSettings.Quotas d = ExportSettings.DEFAULTS.quotas();
    int tenant = m.get("exports_per_tenant_per_day").map(n -> count(n, d.perTenantPerDay())).orElse(d.perTenantPerDay());
    int user = m.get("exports_per_user_per_day").map(n -> count(n, d.perUserPerDay())).orElse(d.perUserPerDay());
    int running = m.get("running_per_tenant").map(n -> count(n, d.runningPerTenant())).orElse(d.runningPerTenant());
    m.get("exports_per_user_per_day").ifPresent(n -> check(n, user <= tenant,
        "a person's daily quota (" + user + ") cannot exceed the tenant's (" + tenant + ")"));
    return new ExportSettings.Quotas(tenant, user, running);
  }

  private ExportSettings.Download download(YamlMap m) {
    m.allowOnly(List.of("token_ttl", "max_downloads"));
    ExportSettings.Download d = ExportSettings.DEFAULTS.download();
    Duration ttl = duration(m, "token_ttl", d.tokenTtl());
    int max = m.get("max_downloads").map(n -> count(n, d.maxDownloads())).orElse(d.maxDownloads());
    return new ExportSettings.Download(ttl, max);
  }

  private ExportSettings.Job job(YamlMap m) {
    m.allowOnly(List.of("heartbeat_interval", "stale_after", "max_attempts", "poll_interval"));
    ExportSettings.Job d = ExportSettings.DEFAULTS.job();
    Duration heartbeat = duration(m, "heartbeat_interval", d.heartbeatInterval());
    Duration stale = duration(m, "stale_after", d.staleAfter());
    int attempts = m.get("max_attempts").map(n -> count(n, d.maxAttempts())).orElse(d.maxAttempts());
    Duration poll = duration(m, "poll_interval", d.pollInterval());
    // A live node that misses one heartbeat (a GC pause, a slow commit) must not look dead.
    YamlNode at = m.get("stale_after").orElse(m.get("heartbeat_interval").orElse(m.node()));
    check(at, stale.compareTo(heartbeat.multipliedBy(3)) >= 0,
        "stale_after (" + stale + ") must be at least three heartbeat_intervals (" + heartbeat.multipliedBy(3)
            + "), or a live job that misses a heartbeat would be run twice");
    return new ExportSettings.Job(heartbeat, stale, attempts, poll);
  }

  private Duration duration(YamlMap m, String field, Duration fallback) {
    return m.get(field).flatMap(n -> n.asText().flatMap(text -> {
      try {
        Duration value = Duration.parse(text);
        if (check(n, !value.isNegative() && !value.isZero(), field + " must be longer than zero")) {
          return Optional.of(value);
        }
      } catch (DateTimeException e) {
        check(n, false, "'" + text + "' is not an ISO-8601 duration such as PT24H, PT30S or P7D");
      }
      return Optional.<Duration>empty();
    })).orElse(fallback);
  }

  private long positive(YamlNode node, long fallback) {
    Optional<String> text = node.asText();
    if (text.isEmpty()) {
      ok = false;
      return fallback;
    }
    try {
      long value = Long.parseLong(text.get().replace("_", ""));
      return check(node, value > 0 && value <= Integer.MAX_VALUE * 1024L, "must be a whole number above zero")
          ? value : fallback;
    } catch (NumberFormatException e) {
      check(node, false, "'" + text.get() + "' is not a whole number");
      return fallback;
    }
  }

  /** A count (quota, attempts, downloads): 1 to a million. */
  private int count(YamlNode node, int fallback) {
    long value = positive(node, fallback);
    return check(node, value <= 1_000_000, "must be at most 1000000") ? (int) value : fallback;
  }

  private boolean check(YamlNode node, boolean condition, String message) {
    if (!condition) {
      node.problem(message);
      ok = false;
    }
    return condition;
  }
}
