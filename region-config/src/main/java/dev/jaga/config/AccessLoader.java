package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads access.yaml into {@link Access}, reporting every mistake with its line and field path. */
final class AccessLoader {
  static final String FILE = "access.yaml";

  /** Asymmetric only: with HMAC every node would hold a secret that can mint tokens. */
  static final List<String> ALGORITHMS = List.of("ES256", "ES384", "RS256", "PS256");

  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]*$");
  private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

  private final Path baseDir;
  private boolean ok = true;

  private AccessLoader(Path baseDir) {
    this.baseDir = baseDir;
  }

  static Optional<Access> load(Path file, Path baseDir, Optional<Mode> mode, Problems problems) {
    int before = problems.count();
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    Optional<Access> access = new AccessLoader(baseDir.toAbsolutePath()).read(root.get(), mode);
    return problems.count() == before ? access : Optional.empty();
  }

  private Optional<Access> read(YamlMap root, Optional<Mode> mode) {
    root.allowOnly(
        List.of("issuers", "fresh_authentication", "clock_skew", "roles", "services", "rate_limits", "tls"));
    Map<String, Access.Issuer> issuers =
        root.required("issuers", "add issuers: { <iss>: { audience, algorithm, jwk_file } }")
            .flatMap(YamlNode::asMap)
            .map(m -> readEach(m, this::issuer))
            .orElse(Map.of());
    Duration fresh = duration(root, "fresh_authentication", Duration.ofMinutes(10));
    Duration skew = duration(root, "clock_skew", Duration.ofSeconds(30));
    Map<String, Set<Capability>> roles =
        root.required("roles", "add roles: { owner: [tenant:read, ...], ... }")
            .flatMap(YamlNode::asMap)
            .map(m -> readEach(m, this::role))
            .orElse(Map.of());
    Map<String, Access.ServiceIdentity> services =
        root.get("services").flatMap(YamlNode::asMap)
            .map(m -> readEach(m, (name, node) -> service(name, node, roles.keySet())))
            .orElse(Map.of());
    Access.RateLimits limits =
        root.get("rate_limits").flatMap(YamlNode::asMap).map(this::rateLimits)
            .orElse(Access.RateLimits.DEFAULT);
    Optional<Access.Tls> tls = root.get("tls").flatMap(YamlNode::asMap).flatMap(this::tls);
    if (mode.orElse(Mode.DEV) == Mode.PRODUCTION && root.get("tls").isEmpty()) {
      root.node().problem("mode: production (regions.yaml) requires tls: { certificate_chain, private_key,"
          + " client_ca }; a production node never serves plaintext");
      ok = false;
    }
    return ok ? Optional.of(new Access(issuers, fresh, skew, roles, services, limits, tls)) : Optional.empty();
  }

  private Optional<Access.Issuer> issuer(String iss, YamlNode node) {
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return fail();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("audience", "algorithm", "jwk_file"));
    Optional<String> audience = m.required("audience", "add audience: <the aud tokens must carry>, e.g. jaga")
        .flatMap(YamlNode::asText);
    Optional<String> algorithm = m.required("algorithm", "add algorithm: one of " + String.join(", ", ALGORITHMS))
        .flatMap(n -> n.asText().filter(alg -> check(n, ALGORITHMS.contains(alg), alg.startsWith("HS")
            ? "algorithm '" + alg + "' is symmetric: every node would hold a secret that can mint tokens;"
                + " use one of " + String.join(", ", ALGORITHMS)
            : "unknown algorithm '" + alg + "'; use one of " + String.join(", ", ALGORITHMS))));
    Optional<Path> jwk = m.required("jwk_file", "add jwk_file: <path of the issuer's public JWK>").flatMap(this::path);
    if (audience.isEmpty() || algorithm.isEmpty() || jwk.isEmpty()) {
      return fail();
    }
    return Optional.of(new Access.Issuer(iss, audience.get(), algorithm.get(), jwk.get()));
  }

  private Optional<Set<Capability>> role(String name, YamlNode node) {
    if (!check(node, NAME.matcher(name).matches(), "role name '" + name + "' must be lower-case, e.g. owner")) {
      return Optional.empty();
    }
    Optional<List<YamlNode>> items = node.asList();
    if (items.isEmpty()) {
      return fail();
    }
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    for (YamlNode item : items.get()) {
      item.asText().ifPresent(text -> {
        Optional<Capability> c = Capability.fromId(text);
        if (check(item, c.isPresent(), "unknown capability '" + text + "'; known: " + capabilityIds())) {
          capabilities.add(c.get());
        }
      });
    }
    return Optional.of(capabilities);
  }

  private Optional<Access.ServiceIdentity> service(String principal, YamlNode node, Set<String> roleNames) {
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return fail();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("subject", "roles"));
    Optional<String> subject = m.required("subject", "add subject: <the client certificate's subject DN>")
        .flatMap(YamlNode::asText);
    Map<String, Set<String>> grants = new LinkedHashMap<>();
    m.get("roles").flatMap(YamlNode::asMap).ifPresent(byTenant -> byTenant.fields().forEach((tenant, list) -> {
      if (check(list, TENANT.matcher(tenant).matches(), "'" + tenant + "' is not a tenant id such as acme-id")) {
        Set<String> names = new LinkedHashSet<>();
        list.asList().orElse(List.of()).forEach(item -> item.asText().ifPresent(role -> {
          if (check(item, roleNames.contains(role), "unknown role '" + role + "'; roles: " + roleNames)) {
            names.add(role);
          }
        }));
        grants.put(tenant, names);
      }
    }));
    return subject.map(s -> new Access.ServiceIdentity(s, principal, grants));
  }

  private Access.RateLimits rateLimits(YamlMap m) {
    m.allowOnly(List.of("principal", "tenant", "stream_exports_per_tenant"));
    Access.RateLimits d = Access.RateLimits.DEFAULT;
    Access.Rate principal = m.get("principal").flatMap(YamlNode::asMap).map(r -> rate(r, d.principal()))
        .orElse(d.principal());
    Access.Rate tenant = m.get("tenant").flatMap(YamlNode::asMap).map(r -> rate(r, d.tenant())).orElse(d.tenant());
    int streams = m.get("stream_exports_per_tenant").map(n -> positive(n, d.streamExportsPerTenant()))
        .orElse(d.streamExportsPerTenant());
    return new Access.RateLimits(principal, tenant, streams);
  }

  private Access.Rate rate(YamlMap m, Access.Rate fallback) {
    m.allowOnly(List.of("per_second", "burst"));
    int perSecond = m.get("per_second").map(n -> positive(n, fallback.perSecond())).orElse(fallback.perSecond());
    int burst = m.get("burst").map(n -> positive(n, fallback.burst())).orElse(Math.max(perSecond, fallback.burst()));
    return new Access.Rate(perSecond, burst);
  }

  private Optional<Access.Tls> tls(YamlMap m) {
    m.allowOnly(List.of("certificate_chain", "private_key", "client_ca"));
    Optional<Path> chain = m.required("certificate_chain", "add certificate_chain: <PEM file>").flatMap(this::path);
    Optional<Path> key = m.required("private_key", "add private_key: <PEM file (PKCS#8)>").flatMap(this::path);
    Optional<Path> ca = m.get("client_ca").flatMap(this::path);
    return chain.isPresent() && key.isPresent() ? Optional.of(new Access.Tls(chain.get(), key.get(), ca)) : fail();
  }

  private Duration duration(YamlMap m, String field, Duration fallback) {
    return m.get(field).flatMap(n -> n.asText().flatMap(text -> {
      try {
        Duration d = Duration.parse(text);
        if (check(n, !d.isNegative() && !d.isZero(), field + " must be longer than zero")) {
          return Optional.of(d);
        }
      } catch (DateTimeException e) {
        check(n, false, "'" + text + "' is not an ISO-8601 duration such as PT10M or PT30S");
      }
      return Optional.<Duration>empty();
    })).orElse(fallback);
  }

  private int positive(YamlNode node, int fallback) {
    Optional<String> text = node.asText();
    try {
      int value = Integer.parseInt(text.orElse(""));
      return check(node, value > 0, "must be a whole number above zero") ? value : fallback;
    } catch (NumberFormatException e) {
      check(node, false, "'" + text.orElse("") + "' is not a whole number");
      return fallback;
    }
  }

  private Optional<Path> path(YamlNode node) {
    return node.asText().flatMap(text -> {
      try {
        return Optional.of(baseDir.resolve(text).normalize());
      } catch (InvalidPathException e) {
        check(node, false, "'" + text + "' is not a file path");
        return Optional.empty();
      }
    });
  }

  private <T> Map<String, T> readEach(YamlMap m, java.util.function.BiFunction<String, YamlNode, Optional<T>> read) {
    Map<String, T> out = new LinkedHashMap<>();
    m.fields().forEach((key, node) -> read.apply(key, node).ifPresent(value -> out.put(key, value)));
    return out;
  }

  private boolean check(YamlNode node, boolean condition, String message) {
    if (!condition) {
      node.problem(message);
      ok = false;
    }
    return condition;
  }

  private <T> Optional<T> fail() {
    ok = false;
    return Optional.empty();
  }

  private static String capabilityIds() {
    return String.join(", ", java.util.Arrays.stream(Capability.values()).map(Capability::id).toList());
  }
}
