package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads regions.yaml into {@link Regions}, reporting every mistake with its line and field path. */
final class RegionsLoader {

  static final String FILE = "regions.yaml";

  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Z][A-Z0-9_]*$");
  private static final List<String> REGION_FIELDS =
      List.of("country", "groups", "active", "grpc", "database", "archive_store", "key_store");

  /** What regions.yaml yielded: the regions when the file is valid, and whatever geography could be read. */
  record Result(Optional<Regions> regions, Optional<Geography> geography) {}

  private final Path baseDir;
  private final Problems problems;
  private Mode mode; // null when unreadable: mode-dependent checks are skipped rather than guessed
  private final Map<String, String> countries = new LinkedHashMap<>();
  private final Map<String, Set<String>> groups = new LinkedHashMap<>();
  private final Map<String, Region> regions = new LinkedHashMap<>();
  private final GrpcReader grpcReader = new GrpcReader();
  private final Map<Path, String> dirOwners = new HashMap<>();
  private boolean anyActive;

  private RegionsLoader(Path baseDir, Problems problems) {
    this.baseDir = baseDir;
    this.problems = problems;
  }

  static Result load(Path file, Path baseDir, Problems problems) {
    int before = problems.count();
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return new Result(Optional.empty(), Optional.empty());
    }
    RegionsLoader loader = new RegionsLoader(baseDir.toAbsolutePath(), problems);
    loader.read(root.get());
    Geography geography = new Geography(loader.countries, loader.groups);
    Optional<Regions> regions = problems.count() == before && loader.mode != null
        ? Optional.of(new Regions(loader.mode, loader.regions))
        : Optional.empty();
    return new Result(regions, Optional.of(geography));
  }

  private void read(YamlMap root) {
    root.allowOnly(List.of("mode", "regions"));
    root.required("mode", "add mode: dev (one machine, loopback only) or mode: production")
        .ifPresent(node -> node.asText().ifPresent(text -> {
          mode = Mode.fromId(text).orElse(null);
          if (mode == null) {
            node.problem("unknown mode '" + text + "'; expected dev or production");
          }
        }));
    Optional<YamlMap> declared = root.required("regions", "declare at least one region, e.g. id-jkt: { ... }")
        .flatMap(YamlNode::asMap);
    if (declared.isEmpty()) {
      return;
    }
    declared.get().fields().forEach(this::readRegion);
    if (!anyActive) {
      declared.get().node().problem("no active region; at least one region must be active (the default) "
          + "so that a node has a region to run");
    }
  }

  private void readRegion(String id, YamlNode node) {
    boolean validId = Placement.REGION_ID.matcher(id).matches();
    if (!validId) {
      node.problem("region id '" + id + "' must be a lower-case country code, a hyphen and a three-letter "
          + "place code, e.g. id-jkt");
    }
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return;
    }
    YamlMap m = fields.get();
    m.allowOnly(REGION_FIELDS);
    Optional<String> country = m.required("country", "add country: <ISO 3166-1 alpha-2 code>, e.g. ID")
        .flatMap(n -> n.asText().filter(text -> checked(n, COUNTRY.matcher(text).matches(),
            "country '" + text + "' must be an ISO 3166-1 alpha-2 code in upper case, e.g. ID, SG, DE")));
    Optional<Set<String>> groupNames = readGroups(m);
    boolean active = m.get("active").flatMap(YamlNode::asBoolean).orElse(true);
    anyActive |= active;
    if (validId) {
      // A region with a broken country or group list is still declared: residency.yaml naming it should
      // not add "unknown region" noise to the real problem, which is reported above.
      countries.put(id, country.orElse("??"));
      groups.put(id, groupNames.orElse(Set.of()));
    }
    Optional<GrpcSettings> grpc = m.required("grpc", "add grpc: { listen: 127.0.0.1:<port> }")
        .flatMap(n -> grpcReader.read(id, active, mode, n));
    Optional<DatabaseSettings> database = m.required("database",
            "add database: { embedded: { dir: var/" + id + "/pg } } or database: { jdbc: { url, user, password_env } }")
        .flatMap(n -> readDatabase(id, active, n));
    Optional<Path> archiveDir = store(m, "archive_store", id, "archives", "export archives", active);
    Optional<Path> keyDir = store(m, "key_store", id, "keys", "key material", active);
    if (validId && country.isPresent() && groupNames.isPresent() && grpc.isPresent() && database.isPresent()
        && archiveDir.isPresent() && keyDir.isPresent()) {
      regions.put(id, new Region(id, country.get(), groupNames.get(), active, grpc.get(), database.get(),
          archiveDir.get(), keyDir.get()));
    }
  }

  /** A {@code <field>: { dir: ... }} store of the region, e.g. its archives or its keys. */
  private Optional<Path> store(YamlMap m, String field, String id, String example, String what, boolean active) {
    return m.required(field, "add " + field + ": { dir: var/" + id + "/" + example + " }")
        .flatMap(YamlNode::asMap)
        .flatMap(store -> {
          store.allowOnly(List.of("dir"));
          return store.required("dir", "add dir: <directory for this region's " + what + ">");
        })
        .flatMap(n -> directory(id, active, n));
  }

  private Optional<Set<String>> readGroups(YamlMap m) {
    Optional<YamlNode> node = m.get("groups");
    if (node.isEmpty()) {
      return Optional.of(Set.of());
    }
    Optional<List<YamlNode>> items = node.get().asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    Set<String> names = new LinkedHashSet<>();
    boolean ok = true;
    for (YamlNode item : items.get()) {
      Optional<String> name = item.asText().filter(text -> checked(item,
          Placement.GROUP_NAME.matcher(text).matches(),
          "group name '" + text + "' must be lower-case letters, digits and hyphens, e.g. asean"));
      name.ifPresent(names::add);
      ok &= name.isPresent();
    }
    return ok ? Optional.of(names) : Optional.empty();
  }

  private Optional<DatabaseSettings> readDatabase(String id, boolean active, YamlNode node) {
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("embedded", "jdbc"));
    Optional<YamlNode> embedded = m.get("embedded");
    Optional<YamlNode> jdbc = m.get("jdbc");
    if (embedded.isPresent() == jdbc.isPresent()) {
      node.problem("database needs exactly one of embedded: { dir: ... } (mode: dev) "
          + "or jdbc: { url: ..., user: ..., password_env: ... }");
      return Optional.empty();
    }
    if (embedded.isPresent()) {
      if (mode == Mode.PRODUCTION) {
        embedded.get().problem("mode: production forbids embedded PostgreSQL (one machine, no backups, no "
            + "failover); point the region at its cluster with jdbc: { url, user, password_env }");
      }
      return embedded.get().asMap()
          .flatMap(e -> {
            e.allowOnly(List.of("dir"));
            return e.required("dir", "add dir: <directory for this region's embedded PostgreSQL cluster>");
          })
          .flatMap(n -> directory(id, active, n))
          .map(DatabaseSettings.Embedded::new);
    }
    return jdbc.get().asMap().flatMap(this::readJdbc);
  }

  private Optional<DatabaseSettings> readJdbc(YamlMap m) {
    m.allowOnly(List.of("url", "user", "password_env", "owner_user", "owner_password_env"));
    Optional<String> url = m.required("url", "add url: jdbc:postgresql://<host>:5432/<database>")
        .flatMap(n -> n.asText().filter(text -> checked(n, text.startsWith("jdbc:postgresql:"),
            "jdbc url must start with jdbc:postgresql: (Jaga runs on PostgreSQL), "
                + "e.g. jdbc:postgresql://db.internal:5432/app"))
            .filter(text -> checked(n, !text.toLowerCase(Locale.ROOT).contains("password="),
                "jdbc url must not carry a password; name an environment variable in password_env instead")));
    Optional<String> user = m.required("user", "add user: <database role>").flatMap(YamlNode::asText);
    Optional<String> passwordEnv = m.required("password_env",
            "add password_env: <environment variable holding the database password>")
        .flatMap(n -> envName(n, "password_env"));
    Optional<Optional<DatabaseSettings.Owner>> owner = readOwner(m, user);
    if (url.isEmpty() || user.isEmpty() || passwordEnv.isEmpty() || owner.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DatabaseSettings.Jdbc(url.get(), user.get(), passwordEnv.get(), owner.get()));
  }

  /** The optional owner pair: both fields or neither; empty outer Optional when it is wrong. */
  private Optional<Optional<DatabaseSettings.Owner>> readOwner(YamlMap m, Optional<String> runtimeUser) {
    Optional<YamlNode> userNode = m.get("owner_user");
    Optional<YamlNode> envNode = m.get("owner_password_env");
    if (userNode.isEmpty() && envNode.isEmpty()) {
      return Optional.of(Optional.empty());
    }
    if (userNode.isEmpty() || envNode.isEmpty()) {
      m.node().problem("owner_user and owner_password_env go together: give both (the schema owner that "
          + "runs migrations) or neither (the database administrator migrates the schema)");
      return Optional.empty();
    }
    // Row-level security does not restrict a table's owner, so one role for both would switch it off.
    Optional<String> ownerUser = userNode.get().asText().filter(text -> checked(userNode.get(),
        runtimeUser.map(u -> !u.equals(text)).orElse(true),
        "owner_user '" + text + "' is also user: the runtime role must not own the schema, or row-level "
            + "security would not apply to it; give the runtime a role of its own (e.g. jaga_runtime)"));
    Optional<String> ownerEnv = envNode.flatMap(n -> envName(n, "owner_password_env"));
    if (ownerUser.isEmpty() || ownerEnv.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Optional.of(new DatabaseSettings.Owner(ownerUser.get(), ownerEnv.get())));
  }

  private static Optional<String> envName(YamlNode node, String field) {
    return node.asText().filter(text -> checked(node, ENV_NAME.matcher(text).matches(),
        field + " '" + text + "' must be an environment variable name such as JAGA_ID_JKT_DB_PASSWORD"));
  }

  /** Resolves a directory against the base directory; active regions may not share one. */
  private Optional<Path> directory(String id, boolean active, YamlNode node) {
    return node.asText().flatMap(text -> {
      Path dir;
      try {
        dir = baseDir.resolve(text).normalize();
      } catch (InvalidPathException e) {
        node.problem("invalid directory '" + text + "': " + e.getReason());
        return Optional.empty();
      }
      String owner = active ? dirOwners.putIfAbsent(dir, id) : null;
      if (owner != null && !owner.equals(id)) {
        node.problem("directory '" + text + "' is already used by active region '" + owner
            + "'; nothing regional is shared, so give each region its own directory");
      } else if (owner != null) {
        node.problem("directory '" + text + "' is used twice in this region; give the database and the "
            + "archive store their own directories");
      }
      return Optional.of(dir);
    });
  }

  private static boolean checked(YamlNode node, boolean ok, String message) {
    if (!ok) {
      node.problem(message);
    }
    return ok;
  }
}
