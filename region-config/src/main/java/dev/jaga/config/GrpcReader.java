package dev.jaga.config;

import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code grpc} block of each region in regions.yaml, remembering ports so two active regions never share one. */
final class GrpcReader {

  private final Map<Integer, String> portOwners = new HashMap<>();

  /** Reads {@code grpc: { listen, endpoint }}; {@code mode} is null when regions.yaml's mode is unreadable. */
  Optional<GrpcSettings> read(String id, boolean active, Mode mode, YamlNode node) {
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("listen", "endpoint"));
    Optional<YamlNode> listenNode = m.required("listen", "add listen: 127.0.0.1:<port>");
    Optional<String> listenText = listenNode.flatMap(YamlNode::asText);
    Optional<HostPort> listen = listenText.flatMap(text -> address(listenNode.get(), text));
    listen.ifPresent(address -> {
      YamlNode n = listenNode.get();
      if (mode == Mode.DEV && !address.isLoopback()) {
        n.problem("listen host '" + address.host() + "' is not loopback; mode: dev listens only on 127.0.0.1, "
            + "::1 or localhost so a laptop never exposes demo data (use mode: production to listen elsewhere)");
      }
      String owner = active && address.port() != 0 ? portOwners.putIfAbsent(address.port(), id) : null;
      if (owner != null) {
        n.problem("listen port " + address.port() + " is already used by active region '" + owner
            + "'; give every active region its own port (or 0 to pick a free one)");
      }
    });
    Optional<YamlNode> endpointNode = m.get("endpoint");
    Optional<String> endpointText = endpointNode.flatMap(YamlNode::asText);
    Optional<HostPort> endpoint = endpointText.flatMap(text -> address(endpointNode.get(), text));
    endpoint.filter(HostPort::isWildcard).ifPresent(address -> endpointNode.get().problem(
        "endpoint host '" + address.host() + "' is a wildcard that no client can dial; give this node's reachable host"));
    if (endpointNode.isEmpty() && listen.map(HostPort::isWildcard).orElse(false)) {
      node.problem("listen host '" + listen.get().host() + "' cannot be dialed by clients and peers; "
          + "add endpoint: <reachable host:port>");
    }
    if (listen.isEmpty() || (endpointNode.isPresent() && endpoint.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new GrpcSettings(listen.get().host(), listen.get().port(), endpointText.orElse(listenText.get())));
  }

  private static Optional<HostPort> address(YamlNode node, String text) {
    Optional<HostPort> parsed = HostPort.parse(text);
    if (parsed.isEmpty()) {
      node.problem("invalid address '" + text + "'; " + HostPort.HINT);
    }
    return parsed;
  }
}
