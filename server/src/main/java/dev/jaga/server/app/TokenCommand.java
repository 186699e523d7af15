package dev.jaga.server.app;

import dev.jaga.server.auth.DevIssuerKey;
import dev.jaga.server.auth.DevTokens;
import dev.jaga.server.tenant.TenantIds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jaga token}: prints a JWT signed by the dev issuer key, for people and scripts. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Print a JWT signed by the dev issuer key (the key the dev nodes trust).")
final class TokenCommand implements Callable<Integer> {
  private static final Pattern GRANT = Pattern.compile("^([^:]+):([a-z][a-z0-9_-]*)$");
  private static final Pattern DURATION = Pattern.compile("^(\\d+)([smhd])$");

  @Option(names = "--user", required = true, paramLabel = "EMAIL", description = "Who acts.")
  String user;

  @Option(
      names = "--grant",
      required = true,
      paramLabel = "TENANT:ROLE",
      description = "A role on a tenant, e.g. acme-id:owner; repeat for several.")
  List<String> grants = new ArrayList<>();

  @Option(
      names = "--auth-age",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description = "How long ago the user authenticated, e.g. 10m (default: ${DEFAULT-VALUE}).")
  String authAge;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description = "How long the token is valid, e.g. 1h (default: ${DEFAULT-VALUE}).")
  String ttl;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      defaultValue = "var/dev/issuer-key.json",
      description = "The dev issuer key (created if missing; default: ${DEFAULT-VALUE}).")
  Path key;

  @Override
  public Integer call() {
    List<String> problems = new ArrayList<>();
    if (!user.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
      problems.add("--user '" + user + "' is not an email address");
    }
    Map<String, List<String>> roles = new LinkedHashMap<>();
    for (String grant : grants) {
      Matcher m = GRANT.matcher(grant);
      if (!m.matches() || !TenantIds.SLUG.matcher(m.group(1)).matches()) {
        problems.add("--grant '" + grant + "' is not TENANT:ROLE (e.g. acme-id:owner)");
      } else {
        roles.computeIfAbsent(m.group(1), t -> new ArrayList<>()).add(m.group(2));
      }
    }
    Duration age = parse("--auth-age", authAge, problems);
    Duration life = parse("--ttl", ttl, problems);
    if (life != null && life.isZero()) {
      problems.add("--ttl must be longer than 0");
    }
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      return 2;
    }
    String token =
        DevTokens.mint(
            DevIssuerKey.loadOrCreate(key),
            new DevTokens.Request(user, roles, age, life),
            Clock.systemUTC());
    System.out.println(token);
    return 0;
  }

  /** Durations as people type them: 30s, 10m, 1h, 2d. */
  static Duration parse(String option, String text, List<String> problems) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      problems.add(option + " '" + text + "' is not a duration such as 30s, 10m, 1h or 2d");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
